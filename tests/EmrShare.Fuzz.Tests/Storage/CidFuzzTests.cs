using System.Text;
using EmrShare.Fuzz.Tests.Infrastructure;
using EmrShare.Storage.Multiformats;

namespace EmrShare.Fuzz.Tests.Storage;

/// <summary>CID text and binary parsing: only <see cref="CidFormatException"/>; whatever parses round-trips.</summary>
public sealed class CidFuzzTests
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567ABCDEFGHJKLMNPQRSTUVWXYZ189Qmbzfu=/-_ \0";

    private static readonly Cid[] ValidCids =
    [
        Cid.Create(1, Multicodec.Raw, "hello"u8),
        Cid.Create(1, Multicodec.DagPb, "node"u8),
        Cid.Create(0, Multicodec.DagPb, "v0 node"u8),
        Cid.Create(1, Multicodec.Raw, []),
    ];

    private static readonly string[] TextSeeds = [.. ValidCids.Select(c => c.ToString()), "z" + "2DrjgbD5m6p6xq7Jz8p5MhbJ5iA5ax3YEPTvSYcwfhg8YM7Xgs"];

    private static readonly byte[][] ByteSeeds = [.. ValidCids.Select(c => c.Bytes.ToArray())];

    [Fact]
    public async Task Parse_MutatedAndRandomText_OnlyCidFormatException()
    {
        var target = FuzzTarget<string>.Sync(
            "Cid.Parse",
            random => Mutator.Text(random, TextSeeds, Alphabet),
            text =>
            {
                var ok = Cid.TryParse(text, out var viaTry);
                Cid parsed;
                try
                {
                    parsed = Cid.Parse(text);
                }
                catch (CidFormatException)
                {
                    FuzzInvariantException.Require(!ok, "TryParse accepted what Parse rejects");
                    throw;
                }

                FuzzInvariantException.Require(ok && viaTry == parsed, "TryParse disagrees with Parse");
                FuzzInvariantException.Require(Cid.Parse(parsed.ToString()) == parsed, "canonical text does not round-trip");
                FuzzInvariantException.Require(Cid.FromBytes(parsed.Bytes) == parsed, "binary form does not round-trip");
            },
            e => e is CidFormatException,
            text => Quote(text));
        await FuzzRunner.RunAsync(target, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task FromBytes_MutatedAndRandomBytes_OnlyCidFormatException()
    {
        var target = FuzzTarget<byte[]>.Sync(
            "Cid.FromBytes",
            random => Mutator.Bytes(random, ByteSeeds, 64),
            bytes =>
            {
                var cid = Cid.FromBytes(bytes);
                FuzzInvariantException.Require(cid.Bytes.SequenceEqual(bytes), "parsed CID does not keep its bytes");
                FuzzInvariantException.Require(Cid.Parse(cid.ToString()) == cid, "text form does not round-trip");
                _ = cid.Digest.Length + cid.Multihash.Length;
            },
            e => e is CidFormatException,
            Convert.ToHexStringLower);
        await FuzzRunner.RunAsync(target, TestContext.Current.CancellationToken);
    }

    internal static string Quote(string text)
    {
        var builder = new StringBuilder("\"");
        foreach (var c in text)
        {
            builder.Append(c is < ' ' or > '~' ? $"\\u{(int)c:x4}" : c.ToString());
        }

        return builder.Append('"').ToString();
    }
}
