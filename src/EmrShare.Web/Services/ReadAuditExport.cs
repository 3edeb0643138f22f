using EmrShare.Fhir.Codec;
using EmrShare.Nodes.Hospital;
using Hl7.Fhir.Model;

namespace EmrShare.Web.Services;

/// <summary>
/// The read audit as a FHIR R4 Bundle of AuditEvents (action R; outcome 4 for a refused attempt): the staff member
/// and role as agent, the route as the network/source detail, the record and the patient's local id as entities,
/// the basis (check-in, assignment, break-glass, refused) as subtype. Ids only, no clinical content.
/// </summary>
public static class ReadAuditExport
{
    private const string BasisSystem = "urn:emrshare:read-basis";
    private const string StaffSystem = "urn:emrshare:staff";
    private const string RouteSystem = "urn:emrshare:route";
    private const string RoleSystem = "urn:emrshare:role";
    private const string AddressSystem = "urn:emrshare:chain-address";
    private const string IdSystem = "urn:emrshare:id";
    private static readonly FhirCodec Codec = new(FhirRecordPolicy.AnyType);

    public static string ToJson(IReadOnlyList<ReadAuditRow> rows, string hospital)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var bundle = new Bundle { Type = Bundle.BundleType.Collection };
        foreach (var row in rows)
        {
            var entities = new List<AuditEvent.EntityComponent>
            {
                new() { What = new ResourceReference { Identifier = new Identifier(IdSystem, row.RecordId) }, Description = "record" },
            };
            if (row.LocalPatientId is not null)
            {
                entities.Add(new AuditEvent.EntityComponent { What = new ResourceReference { Identifier = new Identifier(IdSystem, row.LocalPatientId) }, Description = "patient" });
            }

            var audit = new AuditEvent
            {
                Type = new Coding("http://dicom.nema.org/resources/ontology/DCM", "110110", "Patient Record"),
                Subtype = [new Coding(BasisSystem, row.Basis)],
                Action = AuditEvent.AuditEventAction.R,
                Recorded = DateTimeOffset.FromUnixTimeSeconds(row.At),
                Outcome = row.Basis == "refused" ? AuditEvent.AuditEventOutcome.N4 : AuditEvent.AuditEventOutcome.N0,
                PurposeOfEvent = row.Basis == "break-glass" ? [new CodeableConcept("http://terminology.hl7.org/CodeSystem/v3-ActReason", "ETREAT")] : [],
                Agent =
                [
                    new AuditEvent.AgentComponent
                    {
                        Who = new ResourceReference { Identifier = new Identifier(StaffSystem, row.Actor) },
                        Role = [new CodeableConcept(RoleSystem, row.Role)],
                        Requestor = true,
                    },
                ],
                Source = new AuditEvent.SourceComponent
                {
                    Site = row.TransactionHash is null ? "local" : "tx " + row.TransactionHash,
                    Type = [new Coding(RouteSystem, row.Route)],
                    Observer = new ResourceReference { Identifier = new Identifier(AddressSystem, hospital.ToLowerInvariant()) },
                },
                Entity = entities,
            };
            bundle.Entry.Add(new Bundle.EntryComponent { FullUrl = "urn:uuid:" + Guid.NewGuid(), Resource = audit });
        }

        Codec.EnsureValid(bundle);
        return Codec.Serialize(bundle, FhirFormat.Json);
    }
}
