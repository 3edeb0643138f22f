using System.Text.RegularExpressions;
using Hl7.Fhir.Model;
using Hl7.Fhir.Validation;

namespace EmrShare.Fhir.Codec;

/// <summary>
/// EmrShare's record rules on top of Firely's structural (POCO) validation: accepted resource types and Bundle
/// integrity (every entry has a resource, fullUrls are well-formed and unique, internal urn:uuid references
/// resolve). Profile validation against StructureDefinitions is deliberately not done here (see docs/adapters.md).
/// </summary>
public sealed partial class FhirRecordValidator(FhirRecordPolicy policy)
{
    // The same narrative strictness the deserializer applies, so whatever parses also serializes.
    private static readonly NarrativeValidationKind NarrativeLevel = new Hl7.Fhir.Serialization.DeserializerSettings().NarrativeValidation;

    public IReadOnlyList<FhirValidationIssue> Validate(Resource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var issues = resource
            .Validate(ModelInfo.ModelInspector, NarrativeLevel, null, true)
            .Select(e => new FhirValidationIssue(e.ErrorCode, e.InstancePath ?? resource.TypeName, e.Message))
            .ToList();
        issues.AddRange(ValidateRecordRules(resource));
        return issues;
    }

    /// <summary>Only the EmrShare rules (the deserializer has already applied Firely's structural ones).</summary>
    public IReadOnlyList<FhirValidationIssue> ValidateRecordRules(Resource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var issues = new List<FhirValidationIssue>();
        CheckResource(resource, resource.TypeName, issues);
        return issues;
    }

    private void CheckResource(Resource resource, string path, List<FhirValidationIssue> issues)
    {
        if (!policy.Accepts(resource.TypeName))
        {
            issues.Add(new FhirValidationIssue(FhirIssueCodes.UnsupportedResourceType, path, $"resource type {resource.TypeName} is not accepted: {policy.ExclusionReason}"));
        }

        // A diagnosis or allergy without any code or text says nothing a receiving hospital or the patient's
        // summary could use; R4 allows it (0..1), EmrShare records do not.
        if ((resource is Condition { Code: null } || resource is AllergyIntolerance { Code: null }) && !policy.AllowsUncodedFindings)
        {
            issues.Add(new FhirValidationIssue(FhirIssueCodes.MissingClinicalContent, $"{path}.code", $"{resource.TypeName} has no code"));
        }

        if (resource is DomainResource domain)
        {
            for (var i = 0; i < domain.Contained.Count; i++)
            {
                CheckResource(domain.Contained[i], $"{path}.contained[{i}]", issues);
            }
        }

        if (resource is Bundle bundle)
        {
            CheckBundle(bundle, path, issues);
        }
    }

    private void CheckBundle(Bundle bundle, string path, List<FhirValidationIssue> issues)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < bundle.Entry.Count; i++)
        {
            var entry = bundle.Entry[i];
            var entryPath = $"{path}.entry[{i}]";
            if (entry.Resource is null)
            {
                // Deletes, reads and responses legitimately come without a resource.
                var method = entry.Request?.Method;
                if (entry.Response is null && method is not (Bundle.HTTPVerb.DELETE or Bundle.HTTPVerb.GET or Bundle.HTTPVerb.HEAD))
                {
                    issues.Add(new FhirValidationIssue(FhirIssueCodes.EntryWithoutResource, entryPath, "Bundle entry has no resource"));
                }
            }
            else
            {
                CheckResource(entry.Resource, $"{entryPath}.resource", issues);
            }

            if (entry.FullUrl is { } fullUrl)
            {
                CheckFullUrl(fullUrl, entry.Resource, $"{entryPath}.fullUrl", issues);
                var key = fullUrl + "|" + entry.Resource?.Meta?.VersionId;
                if (!seen.Add(key) && bundle.Type != Bundle.BundleType.History)
                {
                    issues.Add(new FhirValidationIssue(FhirIssueCodes.DuplicateFullUrl, $"{entryPath}.fullUrl", $"fullUrl {fullUrl} appears more than once (bdl-7)"));
                }
            }
        }

        if (policy.RequireResolvableUuidReferences)
        {
            CheckUuidReferences(bundle, path, issues);
        }
    }

    private static void CheckFullUrl(string fullUrl, Resource? resource, string path, List<FhirValidationIssue> issues)
    {
        if (fullUrl.StartsWith("urn:uuid:", StringComparison.Ordinal))
        {
            if (!Guid.TryParseExact(fullUrl["urn:uuid:".Length..], "D", out _))
            {
                issues.Add(new FhirValidationIssue(FhirIssueCodes.BadFullUrl, path, $"'{fullUrl}' is not urn:uuid: followed by a GUID"));
            }
        }
        else if (fullUrl.StartsWith("urn:oid:", StringComparison.Ordinal))
        {
            if (!OidPattern().IsMatch(fullUrl["urn:oid:".Length..]))
            {
                issues.Add(new FhirValidationIssue(FhirIssueCodes.BadFullUrl, path, $"'{fullUrl}' is not urn:oid: followed by an OID"));
            }
        }
        else if (!Uri.TryCreate(fullUrl, UriKind.Absolute, out var uri))
        {
            issues.Add(new FhirValidationIssue(FhirIssueCodes.BadFullUrl, path, $"'{fullUrl}' is not an absolute URI"));
        }
        else if (resource?.Id is { } id && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
                 && !uri.AbsolutePath.EndsWith($"/{resource.TypeName}/{id}", StringComparison.Ordinal))
        {
            issues.Add(new FhirValidationIssue(FhirIssueCodes.BadFullUrl, path, $"'{fullUrl}' does not end with {resource.TypeName}/{id}, the entry's own type and id"));
        }
    }

    private static void CheckUuidReferences(Bundle bundle, string path, List<FhirValidationIssue> issues)
    {
        var fullUrls = bundle.Entry.Select(e => e.FullUrl).Where(u => u is not null).ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < bundle.Entry.Count; i++)
        {
            if (bundle.Entry[i].Resource is not { } resource)
            {
                continue;
            }

            foreach (var reference in FhirTree.Descendants(resource).OfType<ResourceReference>())
            {
                if (reference.Reference is { } target && target.StartsWith("urn:uuid:", StringComparison.Ordinal) && !fullUrls.Contains(target))
                {
                    issues.Add(new FhirValidationIssue(FhirIssueCodes.UnresolvedReference, $"{path}.entry[{i}].resource", $"reference {target} points at no entry of the Bundle"));
                }
            }
        }
    }

    [GeneratedRegex(@"^[0-2](\.(0|[1-9][0-9]*))+$")]
    private static partial Regex OidPattern();
}
