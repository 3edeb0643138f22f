using System.Text;
using EmrShare.Fhir.Adapters;
using EmrShare.Fhir.Codec;
using EmrShare.Fuzz.Tests.Infrastructure;
using EmrShare.TestSupport;

namespace EmrShare.Fuzz.Tests.Fhir;

/// <summary>
/// FHIR import of hospital files: mutated real records (the repository's HL7 v2 and C-CDA samples converted to
/// FHIR JSON and XML) parse or fail with <see cref="FhirValidationException"/> only — through the raw codec
/// and through <see cref="FhirCodec.ParseRecord"/>, which also builds the clinical summary. Whatever parses
/// serialises again (nothing invalid leaves the codec).
/// </summary>
public sealed class FhirImportFuzzTests
{
    private static readonly Lazy<byte[][]> Seeds = new(LoadSeeds);

    [Fact]
    public async Task Parse_MutatedJsonAndXml_OnlyFhirValidationException()
    {
        var anyType = new FhirCodec(FhirRecordPolicy.AnyType);
        var target = FuzzTarget<byte[]>.Sync(
            "FhirCodec.Parse",
            Generate,
            bytes =>
            {
                var codec = bytes.Length % 2 == 0 ? FhirCodec.Clinical : anyType;
                var resource = codec.Parse(bytes);
                _ = codec.Serialize(resource, FhirFormat.Json);
            },
            e => e is FhirValidationException,
            bytes => Encoding.UTF8.GetString(bytes)) with
        {
            MillisecondsPerCase = 6,
        };
        await FuzzRunner.RunAsync(target, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task ParseRecord_MutatedRecords_OnlyFhirValidationException()
    {
        var target = FuzzTarget<byte[]>.Sync(
            "FhirCodec.ParseRecord",
            Generate,
            bytes =>
            {
                var contentType = FhirCodec.Sniff(bytes).ContentType();
                var record = FhirCodec.Clinical.ParseRecord(bytes, contentType);
                FuzzInvariantException.Require(record.Resource is not null, "record without resource");
            },
            e => e is FhirValidationException,
            bytes => Encoding.UTF8.GetString(bytes)) with
        {
            MillisecondsPerCase = 6,
        };
        await FuzzRunner.RunAsync(target, TestContext.Current.CancellationToken);
    }

    /// <summary>Half byte-level (incl. invalid UTF-8), half character-level with JSON/XML syntax characters.</summary>
    private static byte[] Generate(Random random) =>
        random.Next(2) == 0
            ? Mutator.Bytes(random, Seeds.Value, 2_048)
            : Encoding.UTF8.GetBytes(Mutator.Text(random, SeedTexts.Value, "{}[]\":,<>/=\\ 0123456789.-+eEtruefalsnvd&;#x'\u00e9"));

    private static readonly Lazy<string[]> SeedTexts = new(() => [.. Seeds.Value.Select(s => Encoding.UTF8.GetString(s))]);

    private static byte[][] LoadSeeds()
    {
        var codec = new FhirCodec(FhirRecordPolicy.AnyType);
        var hl7 = new Hl7V2Adapter();
        var cda = new CdaAdapter();
        var resources = Directory.GetFiles(Path.Combine(RepoPaths.Root, "samples", "hl7v2"), "*.hl7")
            .Select(f => hl7.ToFhir(File.ReadAllBytes(f)))
            .Concat(Directory.GetFiles(Path.Combine(RepoPaths.Root, "samples", "ccda"), "*.xml").Select(f => cda.ToFhir(File.ReadAllBytes(f))))
            .ToList();
        Assert.True(resources.Count >= 3, "the repository's samples/ should give at least three seed records");
        return [.. resources.SelectMany(r => new[] { codec.SerializeToUtf8(r, FhirFormat.Json), codec.SerializeToUtf8(r, FhirFormat.Xml) })];
    }
}
