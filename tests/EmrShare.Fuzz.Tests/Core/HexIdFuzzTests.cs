using EmrShare.Core;
using EmrShare.Fuzz.Tests.Infrastructure;

namespace EmrShare.Fuzz.Tests.Core;

/// <summary>Hex ids at every API boundary: only <see cref="EnvelopeFormatException"/>; whatever parses round-trips.</summary>
public sealed class HexIdFuzzTests
{
    private const string HexAlphabet = "0123456789abcdefABCDEFxX";

    [Fact]
    public Task Hash32Parse_MutatedText_OnlyEnvelopeFormatException() =>
        Run<Hash32>("Hash32.Parse", [Hash32.Zero.ToString(), RecordId.New().ToString()]);

    [Fact]
    public Task ChainAddressParse_MutatedText_OnlyEnvelopeFormatException() =>
        Run<ChainAddress>("ChainAddress.Parse", ["0x5B38Da6a701c568545dCfcB03FcB875f56beddC4", "0x0000000000000000000000000000000000000000", "0xffffffffffffffffffffffffffffffffffffffff"]);

    [Fact]
    public Task RecordIdParse_MutatedText_OnlyEnvelopeFormatException() =>
        Run<RecordId>("RecordId.Parse", [RecordId.New().ToString(), RecordId.New().ToString()[2..]]);

    [Fact]
    public Task PseudonymParse_MutatedText_OnlyEnvelopeFormatException() =>
        Run<Pseudonym>("Pseudonym.Parse", ["0xAb8483F64d9C6d1EcF9b849Ae677dD3315835cb2"]);

    private static async Task Run<T>(string name, string[] seeds)
        where T : IHexId<T>, IEquatable<T>
    {
        var target = FuzzTarget<string>.Sync(
            name,
            random => Mutator.Text(random, seeds, HexAlphabet),
            text =>
            {
                var value = T.Parse(text);
                FuzzInvariantException.Require(T.Parse(value.ToString()!).Equals(value), "canonical text does not round-trip");
            },
            e => e is EnvelopeFormatException,
            Storage.CidFuzzTests.Quote);
        await FuzzRunner.RunAsync(target, TestContext.Current.CancellationToken);
    }
}
