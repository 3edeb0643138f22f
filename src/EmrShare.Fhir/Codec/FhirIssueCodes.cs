namespace EmrShare.Fhir.Codec;

/// <summary>EmrShare's own issue codes, next to Firely's (PVAL…, JSON…, XML…).</summary>
public static class FhirIssueCodes
{
    public const string Unreadable = "EMR001";
    public const string WrongResourceType = "EMR002";
    public const string UnsupportedResourceType = "EMR003";
    public const string EntryWithoutResource = "EMR004";
    public const string BadFullUrl = "EMR005";
    public const string DuplicateFullUrl = "EMR006";
    public const string UnresolvedReference = "EMR007";
    public const string MissingClinicalContent = "EMR008";
}
