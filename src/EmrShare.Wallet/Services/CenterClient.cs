using System.Net.Http.Json;
using System.Text.Json;
using EmrShare.Core;
using EmrShare.Core.Errors;
using EmrShare.Core.Signing;

namespace EmrShare.Wallet.Services;

/// <summary>Chain id, contract addresses and JSON-RPC path, as the Center's <c>GET /v1/network</c> answers.</summary>
public sealed record WalletNetwork(long ChainId, string Registry, string Records, string Index, string AccessControl, string Rpc)
{
    public Eip712Domain AccessDomain => Eip712Domain.AccessControl((ulong)ChainId, ChainAddress.Parse(AccessControl));
}

/// <summary>An active hospital and the name the Center registered it under.</summary>
public sealed record WalletHospital(ChainAddress Address, string Name);

/// <summary>What the chain answered to a relayed grant or revocation.</summary>
public sealed record RelayResult(string GrantId, string TransactionHash, long BlockNumber);

/// <summary>The relay or the chain refused what the patient signed; <see cref="Exception.Message"/> says why.</summary>
[ErrorKind(ErrorKind.Refused)]
public sealed class RelayRefusedException(string message) : EmrShareException(message);

/// <summary>
/// The Center's public routes the wallet uses: network facts, the hospital list, and the relay that submits what the
/// patient signed here (a pseudonym holds no ether). Only signed messages and public addresses are sent.
/// </summary>
public sealed class CenterClient(HttpClient http)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private WalletNetwork? _network;

    public Uri BaseAddress => http.BaseAddress!;

    public async Task<WalletNetwork> NetworkAsync(CancellationToken cancellationToken) =>
        _network ??= await http.GetFromJsonAsync<WalletNetwork>("v1/network", Json, cancellationToken).ConfigureAwait(false)
            ?? throw new RelayRefusedException("the Center sent no network description");

    public async Task<IReadOnlyList<WalletHospital>> HospitalsAsync(CancellationToken cancellationToken) =>
        await http.GetFromJsonAsync<List<WalletHospital>>("v1/hospitals", Json, cancellationToken).ConfigureAwait(false) ?? [];

    public Task<RelayResult> RelayGrantAsync(SignedTypedData<Grant> grant, CancellationToken cancellationToken) =>
        PostAsync("v1/relay/grants", grant, cancellationToken);

    public Task<RelayResult> RelayRevocationAsync(ChainAddress grantee, Hash32 grantId, Hash32 scope, EthSignature signature, CancellationToken cancellationToken) =>
        PostAsync("v1/relay/revocations", new { grantee, grantId, scope, signature }, cancellationToken);

    private async Task<RelayResult> PostAsync<T>(string path, T body, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync(path, body, Json, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var problem = await response.Content.ReadFromJsonAsync<Problem>(Json, cancellationToken).ConfigureAwait(false);
            throw new RelayRefusedException($"{(int)response.StatusCode}: {problem?.Detail ?? problem?.Title ?? response.ReasonPhrase}{(problem?.Revert is { } revert ? " (" + revert + ")" : string.Empty)}");
        }

        return await response.Content.ReadFromJsonAsync<RelayResult>(Json, cancellationToken).ConfigureAwait(false)
            ?? throw new RelayRefusedException("the relay sent an empty answer");
    }

    private sealed record Problem(string? Title, string? Detail, string? Revert);
}
