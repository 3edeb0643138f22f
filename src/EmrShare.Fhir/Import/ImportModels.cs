using EmrShare.Fhir.Records;

namespace EmrShare.Fhir.Import;

/// <summary>One message to import and where it came from (file name, file#index, stream position).</summary>
public sealed record ImportItem(string Source, ReadOnlyMemory<byte> Content);

/// <summary>Reported after each message.</summary>
public sealed record ImportProgress(int Processed, int Total, int Succeeded, int Failed, string Source);

/// <summary>A message that was not imported, and why (exception type name + its message; never the content).</summary>
public sealed record ImportFailure(string Source, string ErrorType, string Message);

/// <summary>A converted, validated record handed to the caller's store.</summary>
public sealed record ImportedRecord(string Source, ClinicalRecord Record);

public sealed record ImportReport(int Total, int Succeeded, IReadOnlyList<ImportFailure> Failures)
{
    public int Failed => Failures.Count;
}
