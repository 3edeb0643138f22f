using System.Globalization;
using System.Text;
using Hl7.Fhir.Model;

namespace EmrShare.Fhir.Hl7v2;

/// <summary>
/// MDM^T02 TXA + OBX → DocumentReference. Consecutive text OBX (TX/FT/ST) form one text/plain attachment;
/// each ED OBX (Base64, Hex or ASCII encoded) becomes its own attachment with the declared MIME type.
/// </summary>
internal static class DocumentMapper
{
    private const string DocumentTypeSystem = "http://terminology.hl7.org/CodeSystem/v2-0270";

    public static DocumentReference Map(Hl7Message message, ResourceReference patient, ResourceReference? encounter, Hl7AdapterOptions options)
    {
        var txa = message.Required("TXA");
        var type = txa.Required(2, "document type").Value;
        var document = new DocumentReference
        {
            Status = DocumentReferenceStatus.Current,
            Type = new CodeableConcept(DocumentTypeSystem, type),
            Subject = patient,
            DocStatus = txa.Field(17).Value switch
            {
                "AU" or "LA" => CompositionStatus.Final,
                "DO" or "IP" or "IN" or "PA" or "DI" => CompositionStatus.Preliminary,
                "" => null,
                var other => throw new Hl7ParseException(txa.Index, "TXA-17", $"unknown completion status '{other}' (table 0271)"),
            },
        };

        var unique = txa.Field(12).First;
        if (unique is { IsEmpty: false })
        {
            document.MasterIdentifier = new Identifier(Hl7DataTypes.AuthorityToSystem(unique.Component(2), unique.Component(3), unique.Component(4)), unique.Component(1));
        }

        var activity = Hl7DateTime.ToFhirDateTime(txa.Field(4).Component(1), options.AssumedOffset, txa.Index, "TXA-4");
        if (activity is not null || encounter is not null)
        {
            document.Context = new DocumentReference.ContextComponent();
            if (activity is not null)
            {
                document.Context.Period = new Period { Start = activity };
            }

            if (encounter is not null)
            {
                document.Context.Encounter = [encounter];
            }
        }

        if (Hl7DataTypes.ToPractitionerReference(txa.Field(5).First) is { } author)
        {
            document.Author = [author];
        }

        AddContent(message, document);
        return document;
    }

    private static void AddContent(Hl7Message message, DocumentReference document)
    {
        var text = new StringBuilder();
        foreach (var obx in message.All("OBX"))
        {
            var valueType = obx.Required(2, "value type").Value;
            switch (valueType)
            {
                case "TX" or "FT" or "ST":
                    if (text.Length > 0)
                    {
                        text.Append('\n');
                    }

                    text.Append(string.Join('\n', obx.Field(5).Repetitions.Select(r => r.Component(1))));
                    break;
                case "ED":
                    FlushText(text, document);
                    document.Content.Add(new DocumentReference.ContentComponent { Attachment = Encapsulated(obx) });
                    break;
                default:
                    throw new Hl7ParseException(obx.Index, "OBX-2", $"value type '{valueType}' cannot be document content (TX, FT, ST, ED)");
            }
        }

        FlushText(text, document);
        if (document.Content.Count == 0)
        {
            throw new Hl7ParseException(0, "OBX", "MDM document has no content (no TX/FT/ST/ED OBX segment)");
        }
    }

    private static void FlushText(StringBuilder text, DocumentReference document)
    {
        if (text.Length == 0)
        {
            return;
        }

        document.Content.Add(new DocumentReference.ContentComponent
        {
            Attachment = new Attachment { ContentType = "text/plain; charset=utf-8", Data = Encoding.UTF8.GetBytes(text.ToString()) },
        });
        text.Clear();
    }

    /// <summary>ED: source application^type of data^data subtype^encoding^data.</summary>
    private static Attachment Encapsulated(Hl7Segment obx)
    {
        var ed = obx.Field(5).First ?? throw new Hl7ParseException(obx.Index, "OBX-5", "ED value is empty");
        var data = ed.Component(5);
        byte[] bytes = ed.Component(4).ToUpperInvariant() switch
        {
            "BASE64" => FromBase64(data, obx),
            "HEX" => FromHex(data, obx),
            "A" or "" => Encoding.UTF8.GetBytes(data),
            var other => throw new Hl7ParseException(obx.Index, "OBX-5.4", $"unknown encoding '{other}' (Base64, Hex, A)"),
        };
        return new Attachment { ContentType = MimeType(ed.Component(2), ed.Component(3)), Data = bytes };
    }

    private static string MimeType(string type, string subtype)
    {
        var major = type.ToUpperInvariant() switch
        {
            "AP" or "APPLICATION" => "application",
            "TEXT" or "TX" => "text",
            "IM" or "IMAGE" => "image",
            "AU" or "AUDIO" => "audio",
            "" => "application",
            _ => type.ToLowerInvariant(),
        };
        var minor = subtype.Length == 0 ? "octet-stream" : subtype.ToLowerInvariant();
        return $"{major}/{minor}";
    }

    private static byte[] FromBase64(string data, Hl7Segment obx)
    {
        var buffer = new byte[data.Length];
        return Convert.TryFromBase64String(data, buffer, out var written)
            ? buffer[..written]
            : throw new Hl7ParseException(obx.Index, "OBX-5.5", "encapsulated data is not valid Base64");
    }

    private static byte[] FromHex(string data, Hl7Segment obx)
    {
        if (data.Length % 2 != 0 || !data.All(char.IsAsciiHexDigit))
        {
            throw new Hl7ParseException(obx.Index, "OBX-5.5", "encapsulated data is not valid hex");
        }

        return Enumerable.Range(0, data.Length / 2)
            .Select(i => byte.Parse(data.AsSpan(i * 2, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture))
            .ToArray();
    }
}
