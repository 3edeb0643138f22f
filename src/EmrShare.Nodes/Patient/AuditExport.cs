using System.Globalization;
using EmrShare.Chain;
using EmrShare.Fhir.Codec;
using Hl7.Fhir.Model;

namespace EmrShare.Nodes.Patient;

/// <summary>
/// The patient's access log as a FHIR R4 Bundle of AuditEvents (one per chain event), so any FHIR system can
/// import it. Agents and entities are identified by chain address, grant id and record id only — the same
/// pseudonymous data the chain holds; <c>recorded</c> is the block's timestamp.
/// </summary>
public static class AuditExport
{
    private const string KindSystem = "urn:emrshare:audit-kind";
    private const string AddressSystem = "urn:emrshare:chain-address";
    private const string IdSystem = "urn:emrshare:id";
    private static readonly FhirCodec Codec = new(FhirRecordPolicy.AnyType);

    /// <param name="log">Entries from <see cref="PatientWallet.GetAccessLogAsync"/> (each with its block's time).</param>
    /// <param name="accessControl">Address of the AccessControl contract that logged the events.</param>
    public static Bundle ToBundle(IReadOnlyList<AccessLogEntry> log, string accessControl)
    {
        ArgumentNullException.ThrowIfNull(log);
        var bundle = new Bundle { Type = Bundle.BundleType.Collection };
        foreach (var item in log)
        {
            var e = item.Entry;
            var audit = new AuditEvent
            {
                Type = new Coding("http://dicom.nema.org/resources/ontology/DCM", "110110", "Patient Record"),
                Subtype = [new Coding(KindSystem, e.Kind.ToString())],
                Action = e.Kind is PatientAuditKind.GrantCreated or PatientAuditKind.GrantRevoked ? AuditEvent.AuditEventAction.U : AuditEvent.AuditEventAction.R,
                Recorded = item.At,
                Outcome = AuditEvent.AuditEventOutcome.N0,
                Agent =
                [
                    new AuditEvent.AgentComponent
                    {
                        Who = new ResourceReference { Identifier = new Identifier(AddressSystem, (e.Counterparty ?? e.Patient).ToLowerInvariant()) },
                        Requestor = e.Counterparty is not null,
                    },
                ],
                Source = new AuditEvent.SourceComponent
                {
                    Site = "block " + e.BlockNumber.ToString(CultureInfo.InvariantCulture) + ", tx " + e.TransactionHash,
                    Observer = new ResourceReference { Identifier = new Identifier(AddressSystem, accessControl.ToLowerInvariant()) },
                },
                Entity = [.. Entities(e)],
            };
            bundle.Entry.Add(new Bundle.EntryComponent { FullUrl = "urn:uuid:" + Guid.NewGuid(), Resource = audit });
        }

        Codec.EnsureValid(bundle);
        return bundle;
    }

    public static string ToJson(Bundle bundle) => Codec.Serialize(bundle, FhirFormat.Json);

    private static IEnumerable<AuditEvent.EntityComponent> Entities(PatientAuditEntry e)
    {
        yield return new AuditEvent.EntityComponent { What = new ResourceReference { Identifier = new Identifier(AddressSystem, e.Patient.ToLowerInvariant()) }, Description = "patient pseudonym" };
        if (e.GrantId is { } grant)
        {
            yield return new AuditEvent.EntityComponent { What = new ResourceReference { Identifier = new Identifier(IdSystem, grant.ToString()) }, Description = "grant" };
        }

        if (e.RecordId is { } record)
        {
            yield return new AuditEvent.EntityComponent { What = new ResourceReference { Identifier = new Identifier(IdSystem, record.ToString()) }, Description = "record" };
        }
    }
}
