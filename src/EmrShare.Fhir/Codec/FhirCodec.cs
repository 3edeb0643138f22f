using System.Text;
using System.Text.Json;
using System.Xml;
using EmrShare.Fhir.Records;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Utility;

namespace EmrShare.Fhir.Codec;

/// <summary>
/// FHIR R4 JSON/XML codec on the Firely SDK. Parsing is strict (Firely's default mode: unknown elements,
/// wrong literals and missing mandatory elements are errors) and is followed by EmrShare's own record rules
/// (<see cref="FhirRecordValidator"/>). Anything wrong surfaces as one <see cref="FhirValidationException"/>
/// listing every issue with its location. Thread-safe: Firely's (de)serializers are immutable.
/// </summary>
public sealed class FhirCodec
{
    private static readonly FhirJsonDeserializer JsonDeserializer = new(new DeserializerSettings());
    private static readonly FhirXmlDeserializer XmlDeserializer = new(new DeserializerSettings());
    private static readonly FhirJsonSerializer JsonSerializer = new();
    private static readonly FhirXmlSerializer XmlSerializer = new();

    private const int MaxXmlDepth = 128;

    private readonly FhirRecordValidator _validator;

    public FhirCodec(FhirRecordPolicy? policy = null)
    {
        Policy = policy ?? FhirRecordPolicy.Clinical;
        _validator = new FhirRecordValidator(Policy);
    }

    /// <summary>The default codec: clinical record types only.</summary>
    public static FhirCodec Clinical { get; } = new(FhirRecordPolicy.Clinical);

    public FhirRecordPolicy Policy { get; }

    /// <summary>Parses and validates; throws <see cref="FhirValidationException"/> on any issue.</summary>
    public Resource Parse(string text, FhirFormat format)
    {
        ArgumentNullException.ThrowIfNull(text);
        var resource = format == FhirFormat.Xml ? DeserializeXml(text) : DeserializeJson(text);

        // The deserializer has already applied Firely's structural rules; only EmrShare's remain.
        var issues = _validator.ValidateRecordRules(resource);
        if (issues.Count > 0)
        {
            throw new FhirValidationException(issues);
        }

        return resource;
    }

    /// <summary>Parses UTF-8 bytes (a BOM is tolerated); invalid UTF-8 is rejected, not replaced.</summary>
    public Resource Parse(ReadOnlySpan<byte> utf8, FhirFormat format) => Parse(DecodeUtf8(utf8), format);

    /// <summary>Parses bytes whose format is recognised from the first significant character.</summary>
    public Resource Parse(ReadOnlySpan<byte> utf8) => Parse(utf8, Sniff(utf8));

    /// <summary>Parses and checks the resource is of the expected type (e.g. a Bundle where a Bundle is required).</summary>
    public T Parse<T>(string text, FhirFormat format)
        where T : Resource
    {
        var resource = Parse(text, format);
        return resource as T ?? throw new FhirValidationException(new FhirValidationIssue(
            FhirIssueCodes.WrongResourceType, resource.TypeName, $"expected a {typeof(T).Name} but got a {resource.TypeName}"));
    }

    /// <summary>Parses into a <see cref="ClinicalRecord"/> (resource + content type + summary); an unknown content type is an <c>EMR001</c> issue.</summary>
    public ClinicalRecord ParseRecord(ReadOnlySpan<byte> content, string contentType)
    {
        FhirFormat format;
        try
        {
            format = FhirFormats.FromContentType(contentType);
        }
        catch (ArgumentException e)
        {
            throw Unreadable(e.Message);
        }

        var resource = Parse(content, format);
        return new ClinicalRecord(resource, format.ContentType(), ClinicalSummaryBuilder.Build(resource));
    }

    /// <summary>All issues of an in-memory resource (Firely's POCO rules plus EmrShare's record rules).</summary>
    public IReadOnlyList<FhirValidationIssue> Validate(Resource resource) => _validator.Validate(resource);

    public void EnsureValid(Resource resource)
    {
        var issues = Validate(resource);
        if (issues.Count > 0)
        {
            throw new FhirValidationException(issues);
        }
    }

    /// <summary>Serializes after validating, so nothing invalid ever leaves the codec.</summary>
    public string Serialize(Resource resource, FhirFormat format)
    {
        EnsureValid(resource);
        return format == FhirFormat.Xml
            ? XmlSerializer.SerializeToString(resource)
            : JsonSerializer.SerializeToString(resource);
    }

    public byte[] SerializeToUtf8(Resource resource, FhirFormat format)
    {
        EnsureValid(resource);
        return format == FhirFormat.Xml
            ? XmlSerializer.SerializeToBytes(resource)
            : JsonSerializer.SerializeToBytes(resource);
    }

    public static FhirFormat Sniff(ReadOnlySpan<byte> content)
    {
        foreach (var b in content.StartsWith("\uFEFF"u8) ? content[3..] : content)
        {
            switch (b)
            {
                case (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n':
                    continue;
                case (byte)'{':
                    return FhirFormat.Json;
                case (byte)'<':
                    return FhirFormat.Xml;
                default:
                    throw Unreadable("input is neither FHIR JSON (starts with '{') nor FHIR XML (starts with '<')");
            }
        }

        throw Unreadable("input is empty");
    }

    private static Resource DeserializeJson(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw Unreadable("input is empty");
        }

        try
        {
            if (JsonDeserializer.TryDeserializeResource(text, out var resource, out var errors) && resource is not null)
            {
                return resource;
            }

            throw new FhirValidationException(ToIssues(errors, resource));
        }
        catch (JsonException e)
        {
            throw Unreadable("malformed JSON: " + e.Message);
        }
        catch (InvalidOperationException e)
        {
            // Firely reports a non-object root (array, literal) this way.
            throw Unreadable("not a FHIR resource: " + e.Message);
        }
        catch (Exception e) when (e is not FhirValidationException and not OutOfMemoryException)
        {
            // Firely 6.8 has crash paths on hostile input (e.g. an empty property name "" throws
            // IndexOutOfRangeException, found by FhirCodecFuzzTests); the edge must still answer with a typed error.
            throw Unreadable($"the FHIR JSON reader failed on this input ({e.GetType().Name})");
        }
    }

    private static Resource DeserializeXml(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw Unreadable("input is empty");
        }

        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
        try
        {
            CheckXmlDepth(text, settings);
            using var reader = XmlReader.Create(new StringReader(text), settings);
            if (XmlDeserializer.TryDeserializeResource(reader, out var resource, out var errors) && resource is not null)
            {
                return resource;
            }

            throw new FhirValidationException(ToIssues(errors, resource));
        }
        catch (XmlException e)
        {
            throw Unreadable("malformed XML: " + e.Message);
        }
        catch (InvalidOperationException e)
        {
            throw Unreadable("not a FHIR resource: " + e.Message);
        }
        catch (Exception e) when (e is not FhirValidationException and not OutOfMemoryException)
        {
            // Same defence as for JSON: a defect in the third-party reader must not escape untyped.
            throw Unreadable($"the FHIR XML reader failed on this input ({e.GetType().Name})");
        }
    }

    /// <summary>
    /// Firely's XML deserializer recurses per element, so absurd nesting would overflow the stack (which no
    /// catch can stop). A cheap streaming pre-pass refuses it first; the JSON reader has its own limit (64).
    /// </summary>
    private static void CheckXmlDepth(string text, XmlReaderSettings settings)
    {
        using var reader = XmlReader.Create(new StringReader(text), settings);
        while (reader.Read())
        {
            if (reader.Depth > MaxXmlDepth)
            {
                throw Unreadable($"XML nesting deeper than {MaxXmlDepth} levels");
            }
        }
    }

    private static List<FhirValidationIssue> ToIssues(IEnumerable<CodedException> errors, Resource? partial)
    {
        var issues = errors.Select(e => new FhirValidationIssue(
            e.ErrorCode,
            (e as ExtendedCodedException)?.InstancePath ?? string.Empty,
            e.Message)).ToList();
        if (issues.Count == 0)
        {
            issues.Add(new FhirValidationIssue(FhirIssueCodes.Unreadable, partial?.TypeName ?? string.Empty, "input is not a FHIR resource"));
        }

        return issues;
    }

    private static string DecodeUtf8(ReadOnlySpan<byte> utf8)
    {
        if (utf8.StartsWith("\uFEFF"u8))
        {
            utf8 = utf8[3..];
        }

        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(utf8);
        }
        catch (DecoderFallbackException)
        {
            throw Unreadable("input is not valid UTF-8 (FHIR JSON and XML are exchanged as UTF-8)");
        }
    }

    private static FhirValidationException Unreadable(string message) =>
        new(new FhirValidationIssue(FhirIssueCodes.Unreadable, string.Empty, message));
}
