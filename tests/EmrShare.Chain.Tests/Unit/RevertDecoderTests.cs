using EmrShare.Chain.Tests.Support;
using Nethereum.JsonRpc.Client;

namespace EmrShare.Chain.Tests.Unit;

public sealed class RevertDecoderTests
{
    private static string Selector(string signature) => "0x" + Convert.ToHexStringLower(Eip712.Keccak(signature))[..8];

    [Theory]
    [InlineData("AccessControlGrantExpired(uint64)", "AccessControlGrantExpired")]
    [InlineData("RecordsVersionExists(bytes32,uint32)", "RecordsVersionExists")]
    [InlineData("IndexSequenceMismatch(uint64,uint64)", "IndexSequenceMismatch")]
    [InlineData("OwnableUnauthorizedAccount(address)", "OwnableUnauthorizedAccount")]
    public void ErrorNameFor_KnownSelector_ReturnsCustomErrorName(string signature, string expected) =>
        Assert.Equal(expected, RevertDecoder.ErrorNameFor(Selector(signature) + new string('0', 64)));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("0x")]
    [InlineData("0x1234")]
    [InlineData("0xdeadbeef")]
    public void ErrorNameFor_UnknownOrShortData_ReturnsNull(string? data) => Assert.Null(RevertDecoder.ErrorNameFor(data));

    [Fact]
    public void ErrorNameFor_SolidityErrorString_ReturnsError() =>
        Assert.Equal("Error", RevertDecoder.ErrorNameFor("0x08c379a0" + new string('0', 128)));

    [Fact]
    public void TryDecode_RpcErrorWithRevertData_MapsToTypedException()
    {
        var data = Selector("AccessControlInvalidSignature()");
        var rpc = new RpcResponseException(new RpcError(3, "execution reverted", data));

        var decoded = RevertDecoder.TryDecode(rpc);

        Assert.NotNull(decoded);
        Assert.Equal("AccessControlInvalidSignature", decoded.ErrorName);
        Assert.Equal(data, decoded.RevertData);
    }

    [Fact]
    public void TryDecode_NonRevertException_ReturnsNull() =>
        Assert.Null(RevertDecoder.TryDecode(new HttpRequestException("connection refused")));
}
