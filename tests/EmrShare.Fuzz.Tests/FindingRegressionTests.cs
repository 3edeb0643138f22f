using System.Text.Json.Nodes;
using EmrShare.Core;
using EmrShare.Core.Signing;
using EmrShare.Fhir.Codec;
using EmrShare.Ledger;
using EmrShare.Ledger.Chain;
using EmrShare.Ledger.Rpc;

namespace EmrShare.Fuzz.Tests;

/// <summary>
/// The minimal inputs behind fuzzing findings F1–F4 and F7 (docs/threat-model.md § Fuzzing), pinned so a
/// regression shows up by name; F5/F6 (malformed multipart → 400) stay covered by the Kubo API target.
/// </summary>
public sealed class FindingRegressionTests
{
    [Fact]
    public void Recover_RWithNoCurvePoint_ThrowsSignatureInvalid()
    {
        // F1: r is in range and s is low, but no curve point has this x-coordinate.
        var signature = EthSignature.Parse("0x91675c8a67ca43433ca0847be216b99adf6540cca150b2bcfda2eb6439efbb73569a470f6bec3d66c02ea8ab1a00b66f7ab1575dfd4fa6e6bce9eee431ac082e1b");

        Assert.Throws<SignatureInvalidException>(() => signature.Recover(new byte[32]));
    }

    [Theory]
    [InlineData("<Patient xmlns=\"http://hl7.org/fhir\"><name period=\"x\"/></Patient>", FhirFormat.Xml)] // F2
    [InlineData("{\"resourceType\":\"Patient\",\"\":1}", FhirFormat.Json)] // F3
    [InlineData("<Observation xmlns=\"http://hl7.org/fhir\"><status value=\"final\"/><code><text value=\"x\"/></code><valueQ/><valueQuantity><value value=\"1\"/></valueQuantity></Observation>", FhirFormat.Xml)] // F4
    public void Parse_HostileFhirFoundByFuzzing_ThrowsFhirValidation(string text, FhirFormat format)
    {
        var codec = new FhirCodec(FhirRecordPolicy.AnyType);

        Assert.Throws<FhirValidationException>(() => codec.Parse(text, format));
    }

    [Fact]
    public async Task Handle_DuplicateIdProperty_AnswersInvalidRequest()
    {
        // F7: a repeated property name used to escape as ArgumentException (HTTP 500).
        var ct = TestContext.Current.CancellationToken;
        await using var ledger = await EmbeddedLedger.OpenAsync(LedgerOptions.Development(), cancellationToken: ct);
        var handler = new LedgerRpcHandler(ledger);

        var answer = JsonNode.Parse((await handler.HandleAsync("{\"jsonrpc\":\"2.0\",\"id\":1,\"id\":2,\"method\":\"eth_chainId\"}", ct))!)!;

        Assert.Equal(-32600, answer["error"]!["code"]!.GetValue<int>());
    }
}
