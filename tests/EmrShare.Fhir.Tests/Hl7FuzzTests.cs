using System.Text;
using EmrShare.Fhir.Adapters;
using EmrShare.Fhir.Hl7v2;
using FsCheck;
using FsCheck.Fluent;

namespace EmrShare.Fhir.Tests;

/// <summary>
/// Property: for any input — the samples mutated at random, or random HL7-alphabet noise — the HL7 adapter
/// either returns a valid Bundle or throws an <see cref="EmrFormatException"/>. Nothing else, ever.
/// </summary>
public sealed class Hl7FuzzTests
{
    private const int Runs = 10_000;
    private static readonly byte[] Alphabet = Encoding.ASCII.GetBytes("|^~\\&\r\nMSHPIDOBXRV1TA0123456789.+-XFSTRE \"");
    private static readonly Hl7V2Adapter Adapter = new();

    private static readonly Gen<(int Kind, int Position, int Value)> Operation =
        from kind in Gen.Choose(0, 8)
        from position in Gen.Choose(0, 1 << 20)
        from value in Gen.Choose(0, 255)
        select (kind, position, value);

    [Fact]
    public void ToFhir_MutatedAndRandomMessages_OnlyTypedErrors()
    {
        var seeds = Directory.GetFiles(SampleData.Hl7Folder).Select(File.ReadAllBytes).ToArray();
        var mutated =
            from seed in Gen.Elements(seeds)
            from ops in Gen.ListOf(Operation)
            select Mutate(seed, ops);
        var noise =
            from length in Gen.Choose(0, 400)
            from picks in Gen.ArrayOf(Gen.Choose(0, Alphabet.Length - 1), length)
            select Encoding.ASCII.GetBytes("MSH|^~\\&|").Concat(picks.Select(i => Alphabet[i])).ToArray();
        var inputs = Gen.Frequency((4, mutated), (1, noise));

        var runs = 0;
        var converted = 0;
        var property = Prop.ForAll(Arb.From(inputs), input =>
        {
            runs++;
            try
            {
                _ = Adapter.ToFhir(input);
                converted++;
                return true;
            }
            catch (EmrFormatException)
            {
                return true;
            }
        });

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(Runs).WithQuietOnSuccess(true), property);
        Assert.True(runs >= Runs, $"only {runs} inputs were tried");

        // Mutations must leave a share of messages convertible, or the fuzzing only exercises the first check.
        Assert.True(converted > Runs / 50, $"only {converted} of {runs} inputs converted");
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
                    bytes[at] = (byte)value;
                    break;
                case 1:
                    bytes.Insert(at, Alphabet[value % Alphabet.Length]);
                    break;
                case 2 when bytes.Count > 0:
                    bytes.RemoveRange(at, Math.Min(value % 20 + 1, bytes.Count - at));
                    break;
                case 3:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                case 4 when bytes.Count > 0:
                    bytes.InsertRange(at, bytes.GetRange(at, Math.Min(value % 40 + 1, bytes.Count - at)));
                    break;
                case 5:
                    bytes.InsertRange(at, Encoding.ASCII.GetBytes(new[] { "\\X4\\", "\\Q\\", "\\", "\\XC3A9\\", "\\.br\\", "\"\"", "\x0b", "\x1c" }[value % 8]));
                    break;
                case 6 when bytes.Count > 0 && bytes[at] is >= (byte)'0' and <= (byte)'9':
                    bytes[at] = (byte)('A' + (value % 26));
                    break;
                case 7 when bytes.Count > 0:
                    bytes[at] = (byte)'|';
                    break;
                default:
                    bytes.Insert(at, (byte)value);
                    break;
            }
        }

        return [.. bytes];
    }

    [Fact]
    public void Parse_DeeplyRepeatedDelimiters_CompletesQuickly()
    {
        var input = "MSH|^~\\&|A|B|||2024||ADT^A01|C1|P|2.5\rPID|1||" + new string('~', 200_000) + new string('^', 200_000) + new string('&', 200_000);
        var started = System.Diagnostics.Stopwatch.StartNew();
        Assert.Throws<Hl7ParseException>(() => Adapter.ToFhir(Encoding.ASCII.GetBytes(input)));
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(10), $"took {started.Elapsed}");
    }
}
