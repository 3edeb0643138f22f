using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;

using EmrShare.Core.Errors;
using Hl7.Fhir.Model;

namespace EmrShare.Fhir.Cda;

/// <summary>
/// Collects the resources one document maps to. Entry ids are name-based GUIDs from the document id and the
/// entry's role (section, entry and position), so importing the same document twice yields the same ids.
/// </summary>
internal sealed class CdaBundleBuilder(Identifier? documentId)
{
    private readonly string _salt = documentId?.System + "|" + documentId?.Value;

    public Bundle Bundle { get; } = new() { Type = Bundle.BundleType.Collection, Identifier = documentId };

    /// <summary>The document's patient; every mapped resource points at it.</summary>
    public ResourceReference Patient { get; set; } = new();

    /// <summary>Parts of the document no mapping took, each named for the user ("not imported").</summary>
    public List<string> NotImported { get; } = [];

    public ResourceReference Add(Resource resource, string role)
    {
        resource.Id = StableId(_salt + "|" + role);
        Bundle.Entry.Add(new Bundle.EntryComponent { FullUrl = "urn:uuid:" + resource.Id, Resource = resource });
        return new ResourceReference("urn:uuid:" + resource.Id);
    }

    private static string StableId(string name)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes("ccda|" + name));
        hash[7] = (byte)((hash[7] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16)).ToString("D");
    }
}

/// <summary>
/// One section entry being mapped: its statement, where it is (for errors and ids) and how to name it in the report.
/// Mappers mark the nested acts and participations they carried (<c>Consume</c>); the rest is reported after
/// the entry is mapped (<see cref="CdaNested"/>).
/// </summary>
internal sealed record CdaEntry(CdaBundleBuilder Builder, string Location, string Label, XElement Statement)
{
    private readonly HashSet<XElement> _consumed = [];

    public ResourceReference Patient => Builder.Patient;

    /// <summary>The nested acts and participations some mapping carried (or reported itself), with the acts around them.</summary>
    public IReadOnlyCollection<XElement> Consumed => _consumed;

    /// <summary>Marks parts as carried by the mapping; the acts between the statement and each part count as carried too.</summary>
    public void Consume(IEnumerable<XElement?> parts)
    {
        foreach (var part in parts.OfType<XElement>())
        {
            for (var e = part; e is not null && e != Statement; e = e.Parent)
            {
                _consumed.Add(e);
            }
        }
    }

    public void Consume(params XElement?[] parts) => Consume((IEnumerable<XElement?>)parts);

    public ResourceReference Add(Resource resource, string part) => Builder.Add(resource, Location + "/" + part);

    /// <summary>Names a part of this entry that was not imported (the entry itself was).</summary>
    public void NotImported(string part) => Builder.NotImported.Add($"{Label}: {part}");
}

/// <summary>An entry the mapping recognises but cannot carry (e.g. no coded substance): reported, not refused.</summary>
[ErrorKind(ErrorKind.Unprocessable)]
internal sealed class CdaEntryNotMappedException(string reason) : Core.EmrShareException(reason);
