using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using EmrShare.Chain;

namespace EmrShare.Wallet.Services;

/// <summary>
/// The access log as a FHIR R4 Bundle of AuditEvents, built on the device with the same mapping as the server
/// wallet's export (EmrShare.Nodes AuditExport, which needs the Firely SDK: too large for the phone): one AuditEvent
/// per chain event, agents and entities by chain address, grant id and record id only; <c>recorded</c> is the block time.
/// </summary>
public static class AuditBundle
{
    private const string KindSystem = "urn:emrshare:audit-kind";
    private const string AddressSystem = "urn:emrshare:chain-address";
    private const string IdSystem = "urn:emrshare:id";

    public static string ToJson(IReadOnlyList<PatientEvent> log, string accessControl)
    {
        ArgumentNullException.ThrowIfNull(log);
        var entries = new JsonArray();
        foreach (var item in log)
        {
            var e = item.Entry;
            var audit = new JsonObject
            {
                ["resourceType"] = "AuditEvent",
                ["type"] = new JsonObject { ["system"] = "http://dicom.nema.org/resources/ontology/DCM", ["code"] = "110110", ["display"] = "Patient Record" },
                ["subtype"] = new JsonArray(new JsonObject { ["system"] = KindSystem, ["code"] = e.Kind.ToString() }),
                ["action"] = e.Kind is PatientAuditKind.GrantCreated or PatientAuditKind.GrantRevoked ? "U" : "R",
                ["recorded"] = item.At.ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture),
                ["outcome"] = "0",
                ["agent"] = new JsonArray(new JsonObject
                {
                    ["who"] = Identifier(AddressSystem, (e.Counterparty ?? e.Patient).ToLowerInvariant()),
                    ["requestor"] = e.Counterparty is not null,
                }),
                ["source"] = new JsonObject
                {
                    ["site"] = "block " + e.BlockNumber.ToString(CultureInfo.InvariantCulture) + ", tx " + e.TransactionHash,
                    ["observer"] = Identifier(AddressSystem, accessControl.ToLowerInvariant()),
                },
                ["entity"] = Entities(e),
            };
            entries.Add(new JsonObject { ["fullUrl"] = "urn:uuid:" + Guid.NewGuid(), ["resource"] = audit });
        }

        var bundle = new JsonObject { ["resourceType"] = "Bundle", ["type"] = "collection", ["entry"] = entries };
        return bundle.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    private static JsonArray Entities(PatientAuditEntry e)
    {
        var entities = new JsonArray(Entity(AddressSystem, e.Patient.ToLowerInvariant(), "patient pseudonym"));
        if (e.GrantId is { } grant)
        {
            entities.Add(Entity(IdSystem, grant.ToString(), "grant"));
        }

        if (e.RecordId is { } record)
        {
            entities.Add(Entity(IdSystem, record.ToString(), "record"));
        }

        return entities;
    }

    private static JsonObject Entity(string system, string value, string description) =>
        new() { ["what"] = Identifier(system, value), ["description"] = description };

    private static JsonObject Identifier(string system, string value) =>
        new() { ["identifier"] = new JsonObject { ["system"] = system, ["value"] = value } };
}
