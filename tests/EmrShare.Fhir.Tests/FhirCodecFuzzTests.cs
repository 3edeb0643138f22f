using System.Text;
using EmrShare.Fhir.Codec;
using FsCheck;
using FsCheck.Fluent;

namespace EmrShare.Fhir.Tests;

/// <summary>Property: any mutation of real FHIR JSON/XML either parses or fails as a <see cref="FhirValidationException"/>.</summary>
public sealed class FhirCodecFuzzTests
{
    private const int Runs = 5_000;
    private static readonly byte[] Alphabet = Encoding.ASCII.GetBytes("{}[]\":,<>/=\\ 0123456789.-+eEtruefalsn\u00ff");

    private static readonly Gen<(int Kind, int Position, int Value)> Operation =
        from kind in Gen.Choose(0, 4)
        from position in Gen.Choose(0, 1 << 20)
        from value in Gen.Choose(0, 255)
        select (kind, position, value);

    [Fact]
    public void Parse_MutatedExamples_OnlyTypedErrors()
    {
        var seeds = new[] { "Patient-example.json", "Observation-example.json", "Condition-example.json", "Bundle-bundle-example.json", "DiagnosticReport-ultrasound.json" }
            .Select(f => File.ReadAllBytes(Path.Combine(SampleData.R4Examples, f)))
            .ToList();
        var codec = new FhirCodec(FhirRecordPolicy.AnyType);
        seeds.AddRange(seeds.Select(s => Encoding.UTF8.GetBytes(codec.Serialize(codec.Parse(s), FhirFormat.Xml))).ToList());
        var inputs =
            from seed in Gen.Elements(seeds.ToArray())
            from ops in Gen.ListOf(Operation)
            select Mutate(seed, ops);

        var property = Prop.ForAll(Arb.From(inputs), input =>
        {
            try
            {
                _ = FhirCodec.Clinical.Parse(input);
                return true;
            }
            catch (FhirValidationException)
            {
                return true;
            }
        });

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(Runs).WithQuietOnSuccess(true), property);
    }

    private static byte[] Mutate(byte[] seed, IEnumerable<(int Kind, int Position, int Value)> ops)
    {
        var bytes = seed.ToList();
        foreach (var (kind, position, value) in ops)
        {
            var at = bytes.Count == 0 ? 0 : position % bytes.Count;
            switch (kind)
            {
                case 0 when bytes.Count > 0:
                    bytes[at] = Alphabet[value % Alphabet.Length];
                    break;
                case 1:
                    bytes.Insert(at, Alphabet[value % Alphabet.Length]);
                    break;
                case 2 when bytes.Count > 0:
                    bytes.RemoveRange(at, Math.Min(value % 30 + 1, bytes.Count - at));
                    break;
                case 3:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                default:
                    bytes.Insert(at, (byte)value);
                    break;
            }
        }

        return [.. bytes];
    }
}
