using System.Security.Cryptography;
using System.Text;
using Hl7.Fhir.Model;

namespace EmrShare.Fhir.Hl7v2;

/// <summary>
/// Collects the resources one message maps to into a collection Bundle. Entry ids are name-based GUIDs derived
/// from the sending facility, the control id and the entry's role, so importing the same message twice yields
/// the same ids (idempotent re-imports) without any shared state.
/// </summary>
internal sealed class Hl7BundleBuilder(Hl7Message message)
{
    private readonly Bundle _bundle = new() { Type = Bundle.BundleType.Collection };

    public ResourceReference Add(Resource resource, string role)
    {
        var id = DeterministicGuid(message.Header.Field(4).Raw + "|" + message.Header.Field(3).Raw + "|" + message.ControlId + "|" + role);
        resource.Id = id.ToString("D");
        var fullUrl = "urn:uuid:" + resource.Id;
        _bundle.Entry.Add(new Bundle.EntryComponent { FullUrl = fullUrl, Resource = resource });
        return new ResourceReference(fullUrl);
    }

    public Bundle Build(TimeSpan assumedOffset)
    {
        _bundle.Id = DeterministicGuid(message.Header.Field(4).Raw + "|" + message.ControlId + "|bundle").ToString("D");
        _bundle.Identifier = new Identifier("urn:emrshare:hl7v2:control-id", message.ControlId);
        _bundle.Timestamp = Hl7DateTime.ToInstant(message.Header.Field(7).Component(1), assumedOffset, 1, "MSH-7");
        return _bundle;
    }

    private static Guid DeterministicGuid(string name)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(name));
        var bytes = hash.AsSpan(0, 16).ToArray();

        // RFC 9562 layout: version 8 (custom, hash-based), variant 10.
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }
}
