using System.Text.Json;
using System.Xml;

namespace EmrShare.Fuzz.Tests.Infrastructure;

/// <summary>
/// FHIR input classes on which Firely's deserialiser throws exceptions that <c>FhirCodec</c> does not translate
/// (see docs/threat-model.md § Fuzzing, F2 and F3). Same contract as <see cref="KnownFindings"/>.
/// </summary>
public static class KnownFhirFindings
{
    /// <summary>
    /// F2: an XML attribute other than value/id/url (e.g. <c>valuE="x"</c>, <c>period="x"</c>,
    /// <c>extension="x"</c>) makes Firely throw <see cref="NotSupportedException"/> or
    /// <see cref="InvalidCastException"/>, which escape <c>FhirCodec.Parse</c>.
    /// </summary>
    public static bool XmlHasUnexpectedAttribute(byte[] input)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(input), settings);
            while (reader.Read())
            {
                if (reader.NodeType == XmlNodeType.Element && reader.MoveToFirstAttribute())
                {
                    do
                    {
                        if (reader.Name is not ("value" or "id" or "url" or "xmlns") && reader.Prefix != "xmlns")
                        {
                            return true;
                        }
                    }
                    while (reader.MoveToNextAttribute());
                }
            }
        }
        catch (XmlException)
        {
            // Malformed from here on: the codec rejects it as malformed XML, a documented error.
        }

        return false;
    }

    /// <summary>F3: a JSON property with an empty name (<c>"": …</c>) makes Firely throw <see cref="IndexOutOfRangeException"/>.</summary>
    public static bool JsonHasEmptyPropertyName(byte[] input)
    {
        var span = input.AsSpan();
        if (span.StartsWith("\uFEFF"u8))
        {
            span = span[3..];
        }

        var reader = new Utf8JsonReader(span, new JsonReaderOptions { MaxDepth = 256 });
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.ValueSpan.Length == 0)
                {
                    return true;
                }
            }
        }
        catch (JsonException)
        {
            // Malformed from here on (the codec says "malformed JSON").
        }

        return false;
    }

    /// <summary>
    /// F4: an XML element named like a choice element with an unknown type suffix (e.g. <c>&lt;valueQ/&gt;</c>
    /// next to <c>&lt;valueQuantity&gt;</c>) makes Firely throw <see cref="ArgumentException"/> ("DynamicDataType
    /// is not of type Quantity"). Choice prefixes and valid names are taken from the valid seed documents.
    /// </summary>
    public static bool XmlHasUnknownChoiceElement(byte[] input, FhirXmlNames seedNames)
    {
        ArgumentNullException.ThrowIfNull(seedNames);
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(input), settings);
            while (reader.Read())
            {
                if (reader.NodeType == XmlNodeType.Element && !seedNames.Known.Contains(reader.LocalName)
                    && seedNames.ChoicePrefixes.Any(p => reader.LocalName.StartsWith(p, StringComparison.Ordinal) && reader.LocalName.Length > p.Length))
                {
                    return true;
                }
            }
        }
        catch (XmlException)
        {
            // Malformed from here on.
        }

        return false;
    }

    public static bool Any(byte[] input, FhirXmlNames seedNames) =>
        XmlHasUnexpectedAttribute(input) || JsonHasEmptyPropertyName(input) || XmlHasUnknownChoiceElement(input, seedNames);
}

/// <summary>Element names of valid FHIR XML documents, and the prefixes of their choice elements (value[x], effective[x]…).</summary>
public sealed class FhirXmlNames
{
    private FhirXmlNames(IReadOnlySet<string> known, IReadOnlyList<string> choicePrefixes)
    {
        Known = known;
        ChoicePrefixes = choicePrefixes;
    }

    public IReadOnlySet<string> Known { get; }

    public IReadOnlyList<string> ChoicePrefixes { get; }

    public static FhirXmlNames From(IEnumerable<byte[]> documents)
    {
        var known = new HashSet<string>(StringComparer.Ordinal);
        foreach (var document in documents.Where(d => d.Length > 0 && d[0] == (byte)'<'))
        {
            using var reader = XmlReader.Create(new MemoryStream(document));
            while (reader.Read())
            {
                if (reader.NodeType == XmlNodeType.Element)
                {
                    known.Add(reader.LocalName);
                }
            }
        }

        var prefixes = known
            .Select(name => (Name: name, Upper: name.IndexOfAny([.. "ABCDEFGHIJKLMNOPQRSTUVWXYZ"], 1)))
            .Where(n => n.Upper > 0)
            .Select(n => n.Name[..n.Upper])
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return new FhirXmlNames(known, prefixes);
    }
}
