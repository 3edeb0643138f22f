namespace EmrShare.Bench;

/// <summary>Every benchmark suite; each issue's benchmark registers its suite here.</summary>
public static class BenchmarkCatalog
{
    public static IReadOnlyList<IBenchmarkSuite> All() =>
    [
        new LedgerBenchmark(),
        new LedgerRpcBenchmark(),
        new CryptoBenchmarkSuite(),
        new GasSuite(),
        new CidImportBenchmark(),
        new Hl7FhirBenchmark(),
        new ShareBenchmark(),
        new SoakBenchmark(),
    ];
}
