using EmrShare.Fhir.Codec;
using EmrShare.Nodes.Hospital;
using Hl7.Fhir.Model;

namespace EmrShare.Web.Services;

/// <summary>
/// The hospital's local audit as a FHIR R4 Bundle of AuditEvents, so a hospital's SIEM or another FHIR system can
/// import it. Like the patient's export it names records, counterparts and transactions by id/address only —
/// the audit table holds no clinical content, so neither does the export.
/// </summary>
public static class HospitalAuditExport
{
    private const string KindSystem = "urn:emrshare:audit-kind";
    private const string AddressSystem = "urn:emrshare:chain-address";
    private const string IdSystem = "urn:emrshare:id";
    private static readonly FhirCodec Codec = new(FhirRecordPolicy.AnyType);

    /// <summary>Builds and validates the Bundle; <paramref name="hospital"/> is the observer (this hospital's address).</summary>
    public static string ToJson(IReadOnlyList<AuditRow> rows, string hospital)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var bundle = new Bundle { Type = Bundle.BundleType.Collection };
        foreach (var row in rows)
        {
            var audit = new AuditEvent
            {
                Type = new Coding("http://dicom.nema.org/resources/ontology/DCM", "110110", "Patient Record"),
                Subtype = [new Coding(KindSystem, row.Kind)],
                Action = row.Kind is "visit" or "break-glass" or "receive" or "fulfil" or "refuse" or "break-glass-fulfil" or "break-glass-refuse" or "break-glass-request" ? AuditEvent.AuditEventAction.R
                    : row.Kind is "erase" ? AuditEvent.AuditEventAction.D
                    : row.Kind is "create" ? AuditEvent.AuditEventAction.C
                    : AuditEvent.AuditEventAction.U,
                Recorded = DateTimeOffset.FromUnixTimeSeconds(row.At),
                Outcome = row.Kind is "refuse" or "break-glass-refuse" ? AuditEvent.AuditEventOutcome.N4 : AuditEvent.AuditEventOutcome.N0,
                Agent =
                [
                    new AuditEvent.AgentComponent
                    {
                        Who = new ResourceReference { Identifier = new Identifier(AddressSystem, (row.Counterpart ?? hospital).ToLowerInvariant()) },
                        Requestor = row.Counterpart is not null,
                    },
                ],
                Source = new AuditEvent.SourceComponent
                {
                    Site = row.TransactionHash is null ? "local" : "tx " + row.TransactionHash,
                    Observer = new ResourceReference { Identifier = new Identifier(AddressSystem, hospital.ToLowerInvariant()) },
                },
                Entity = row.RecordId is null
                    ? []
                    : [new AuditEvent.EntityComponent { What = new ResourceReference { Identifier = new Identifier(IdSystem, row.RecordId) }, Description = "record" }],
            };
            bundle.Entry.Add(new Bundle.EntryComponent { FullUrl = "urn:uuid:" + Guid.NewGuid(), Resource = audit });
        }

        Codec.EnsureValid(bundle);
        return Codec.Serialize(bundle, FhirFormat.Json);
    }
}
