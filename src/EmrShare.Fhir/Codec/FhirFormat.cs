namespace EmrShare.Fhir.Codec;

/// <summary>The two FHIR R4 wire formats this codec reads and writes.</summary>
public enum FhirFormat
{
    Json,
    Xml,
}

public static class FhirFormats
{
    public const string JsonContentType = "application/fhir+json";
    public const string XmlContentType = "application/fhir+xml";

    public static string ContentType(this FhirFormat format) =>
        format == FhirFormat.Xml ? XmlContentType : JsonContentType;

    /// <summary>Maps a MIME type (parameters such as <c>charset</c> ignored) back to a format.</summary>
    public static FhirFormat FromContentType(string contentType)
    {
        ArgumentNullException.ThrowIfNull(contentType);
        var bare = contentType.Split(';')[0].Trim().ToLowerInvariant();
        return bare switch
        {
            JsonContentType or "application/json" or "application/json+fhir" => FhirFormat.Json,
            XmlContentType or "application/xml" or "text/xml" or "application/xml+fhir" => FhirFormat.Xml,
            _ => throw new ArgumentException("not a FHIR content type: " + bare, nameof(contentType)),
        };
    }
}
