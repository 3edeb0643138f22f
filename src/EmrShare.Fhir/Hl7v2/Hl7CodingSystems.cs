namespace EmrShare.Fhir.Hl7v2;

/// <summary>
/// HL7 table 0396 coding-system names ↔ FHIR system URIs. Codes are never translated, only their system is
/// named the way each side expects (the name LOINC, which senders write for LN, too). Names without a known URI become <c>urn:emrshare:hl7v2:cs:NAME</c> so the
/// original name survives a round trip; a value that already is a URI is kept as is.
/// </summary>
public static class Hl7CodingSystems
{
    public const string LocalPrefix = "urn:emrshare:hl7v2:cs:";

    private static readonly Dictionary<string, string> ByName = new(StringComparer.OrdinalIgnoreCase)
    {
        ["LN"] = "http://loinc.org",
        ["LOINC"] = "http://loinc.org", // not in table 0396, but what real senders write (a public lab's v2.3 results)
        ["SCT"] = "http://snomed.info/sct",
        ["I10"] = "http://hl7.org/fhir/sid/icd-10",
        ["ICD10"] = "http://hl7.org/fhir/sid/icd-10",
        ["I10C"] = "http://hl7.org/fhir/sid/icd-10-cm",
        ["I9C"] = "http://hl7.org/fhir/sid/icd-9-cm",
        ["UCUM"] = "http://unitsofmeasure.org",
        ["RXNORM"] = "http://www.nlm.nih.gov/research/umls/rxnorm",
        ["CVX"] = "http://hl7.org/fhir/sid/cvx",
        ["NDC"] = "http://hl7.org/fhir/sid/ndc",
    };

    private static readonly Dictionary<string, string> ByUri = new(StringComparer.Ordinal)
    {
        ["http://loinc.org"] = "LN",
        ["http://snomed.info/sct"] = "SCT",
        ["http://hl7.org/fhir/sid/icd-10"] = "I10",
        ["http://hl7.org/fhir/sid/icd-10-cm"] = "I10C",
        ["http://hl7.org/fhir/sid/icd-9-cm"] = "I9C",
        ["http://unitsofmeasure.org"] = "UCUM",
        ["http://www.nlm.nih.gov/research/umls/rxnorm"] = "RXNORM",
        ["http://hl7.org/fhir/sid/cvx"] = "CVX",
        ["http://hl7.org/fhir/sid/ndc"] = "NDC",
    };

    public static string? ToUri(string name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        if (ByName.TryGetValue(name, out var uri))
        {
            return uri;
        }

        if (name.Length == 7 && name.StartsWith("HL7", StringComparison.OrdinalIgnoreCase) && name[3..].All(char.IsAsciiDigit))
        {
            return "http://terminology.hl7.org/CodeSystem/v2-" + name[3..];
        }

        // Only a real absolute URI is kept as is: HL7's own v2.4 example puts a LOINC long name with colons and
        // spaces in CE-3 ("POST 12H CFST:MCNC:PT:SER/PLAS:QN"), which is a local name, not a system URI.
        return !name.Any(char.IsWhiteSpace) && Uri.TryCreate(name, UriKind.Absolute, out _) ? name : LocalPrefix + Uri.EscapeDataString(name);
    }

    public static string ToName(string? uri)
    {
        if (string.IsNullOrEmpty(uri))
        {
            return string.Empty;
        }

        if (ByUri.TryGetValue(uri, out var name))
        {
            return name;
        }

        if (uri.StartsWith("http://terminology.hl7.org/CodeSystem/v2-", StringComparison.Ordinal))
        {
            return "HL7" + uri["http://terminology.hl7.org/CodeSystem/v2-".Length..];
        }

        return uri.StartsWith(LocalPrefix, StringComparison.Ordinal) ? Uri.UnescapeDataString(uri[LocalPrefix.Length..]) : uri;
    }
}
