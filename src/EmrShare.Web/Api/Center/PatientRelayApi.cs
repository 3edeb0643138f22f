using EmrShare.Chain;
using EmrShare.Core;
using EmrShare.Core.Signing;
using EmrShare.Nodes.Chain;
using EmrShare.Nodes.Transport;
using EmrShare.ServiceDefaults;
using EmrShare.Web.Hosting;
using EmrShare.Web.Services;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EmrShare.Web.Api.Center;

/// <summary>What the phone wallet needs to sign for this chain and to read it (the same facts deployment.json holds).</summary>
public sealed record WalletNetwork(long ChainId, string Registry, string Records, string Index, string AccessControl, string Rpc);

/// <summary>A registered, active hospital with the name the Center registered it under.</summary>
public sealed record WalletHospital(string Address, string Name);

/// <summary>A patient-signed revocation as the phone wallet sends it (the grant's key on chain plus the signature).</summary>
public sealed record RelayRevocationRequest(ChainAddress Grantee, Hash32 GrantId, Hash32 Scope, EthSignature Signature);

/// <summary>The chain's answer to a relayed message.</summary>
public sealed record RelayResult(string GrantId, string TransactionHash, long BlockNumber);

/// <summary>
/// The Center's public relay for the phone wallet (docs/wallet.md "Relay"): a pseudonym holds no ether, so the
/// Center submits what the patient signed on the device from its own account. No cookie: the patient's EIP-712
/// signature is the authentication, checked here before anything is sent (a wrong signer never costs gas) and
/// again by the contract. Relayed signatures are public in calldata, so before a patient's quota is touched the chain's
/// state is read (<see cref="RelayChainChecks"/>): a grant already on chain or a revocation of a revoked grant is a 409,
/// a grant from a key the Registry does not list as a patient pseudonym a 403, and neither is counted. Bodies are
/// capped at <see cref="MaxBodyBytes"/>, each client address gets <see cref="PerMinute"/> relays a minute, each patient
/// pseudonym its <see cref="RelayQuotas"/> (grants per minute and per day; revocations per minute only, so a patient can
/// always revoke), a unit is given back when the contract reverts, a refusal is a 429 with Retry-After, and every relay
/// is logged (grant id and transaction only: no PHI). The hospital list is cached (<see cref="HospitalListCache"/>).
/// </summary>
internal static partial class PatientRelayApi
{
    public const long MaxBodyBytes = 4 * 1024;
    public const int PerMinute = 30;

    public static IEndpointRouteBuilder MapPatientRelay(this IEndpointRouteBuilder app, CenterActor center)
    {
        var limiter = PartitionedRateLimiter.Create<string, string>(client => RateLimitPartition.GetFixedWindowLimiter(client,
            _ => new FixedWindowRateLimiterOptions { PermitLimit = PerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        var time = app.ServiceProvider.GetService<TimeProvider>() ?? TimeProvider.System;
        var quotas = new RelayQuotas(time);
        var hospitals = new HospitalListCache(center, app.ServiceProvider.GetRequiredService<ChainExplorer>(), time);
        var api = app.MapGroup("/v1").WithTags("Phone wallet").AllowAnonymous().RequireWalletCors()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status429TooManyRequests);
        api.MapGet("/network", () => TypedResults.Ok(NetworkOf(center)))
            .WithSummary("Chain id, contract addresses and the JSON-RPC path the phone wallet signs for and reads.");
        api.MapGet("/hospitals", async Task<Ok<IReadOnlyList<WalletHospital>>> (CancellationToken ct) =>
                TypedResults.Ok(await hospitals.GetAsync(ct).ConfigureAwait(false)))
            .WithSummary("Active hospitals by name (the Center's registrations; the chain holds each name's hash). Cached briefly.");
        api.MapPost("/relay/grants", async Task<Results<Ok<RelayResult>, ProblemHttpResult>> (HttpContext http, ILoggerFactory logs, CancellationToken ct) =>
            {
                using var lease = limiter.AttemptAcquire(ClientOf(http));
                if (!lease.IsAcquired)
                {
                    return TooMany(http, lease, "this address");
                }

                var signed = await ReadAsync<SignedTypedData<Grant>>(http, ct).ConfigureAwait(false);
                Eip712.VerifyGrant(signed, Domain(center), TimeProvider.System);
                await RelayChainChecks.EnsureGrantIsNewAsync(center, signed, ct).ConfigureAwait(false);
                var patient = signed.Message.Patient.Address;
                if (quotas.TryTake(patient, RelayKind.Grant) is { } wait)
                {
                    return TooMany(http, wait, "this patient");
                }

                GrantReceipt receipt;
                try
                {
                    receipt = await center.Center.Chain.AccessControl.SubmitGrantAsync(signed.ToSignedGrant(), ct).ConfigureAwait(false);
                }
                catch (ContractRevertedException)
                {
                    quotas.GiveBack(patient, RelayKind.Grant);
                    throw;
                }

                LogRelayed(logs.CreateLogger(typeof(PatientRelayApi)), "grant", receipt.Grant.GrantId.ToString(), receipt.Receipt.TransactionHash);
                return TypedResults.Ok(new RelayResult(receipt.Grant.GrantId.ToString(), receipt.Receipt.TransactionHash, (long)receipt.Receipt.BlockNumber));
            })
            .WithSummary("Submit a patient-signed EIP-712 grant from the Center's account.")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        api.MapPost("/relay/revocations", async Task<Results<Ok<RelayResult>, ProblemHttpResult>> (HttpContext http, ILoggerFactory logs, CancellationToken ct) =>
            {
                using var lease = limiter.AttemptAcquire(ClientOf(http));
                if (!lease.IsAcquired)
                {
                    return TooMany(http, lease, "this address");
                }

                var body = await ReadAsync<RelayRevocationRequest>(http, ct).ConfigureAwait(false);
                var grant = new GrantRef(body.Grantee.ToString(), body.GrantId.ToBytes32(), body.Scope.ToBytes32());
                var patient = ChainAddress.Parse((await RelayChainChecks.LiveGrantAsync(center, grant, ct).ConfigureAwait(false)).Patient);

                var signer = body.Signature.Recover(Eip712.Digest(Domain(center), new Revoke(body.GrantId)).ToBytes());
                if (signer != patient)
                {
                    throw new SignatureInvalidException("the revocation was not signed by the grant's patient");
                }

                if (quotas.TryTake(patient, RelayKind.Revocation) is { } wait)
                {
                    return TooMany(http, wait, "this patient");
                }

                ChainReceipt receipt;
                try
                {
                    receipt = await center.Center.RelayRevocationAsync(grant, body.Signature, ct).ConfigureAwait(false);
                }
                catch (Nodes.AccessDeniedException ex) when (ex.InnerException is ContractRevertedException)
                {
                    quotas.GiveBack(patient, RelayKind.Revocation);
                    throw;
                }

                LogRelayed(logs.CreateLogger(typeof(PatientRelayApi)), "revocation", body.GrantId.ToString(), receipt.TransactionHash);
                return TypedResults.Ok(new RelayResult(body.GrantId.ToString(), receipt.TransactionHash, (long)receipt.BlockNumber));
            })
            .WithSummary("Submit a patient-signed EIP-712 Revoke(grantId) from the Center's account.")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return app;
    }

    private static WalletNetwork NetworkOf(CenterActor center)
    {
        var a = center.Center.Addresses;
        return new WalletNetwork(center.Center.ChainAccessUsed.ChainId, a.Registry, a.Records, a.Index, a.AccessControl, CenterActor.LedgerRpcPath);
    }

    private static Eip712Domain Domain(CenterActor center) =>
        Eip712Domain.AccessControl((ulong)center.Center.ChainAccessUsed.ChainId, ChainAddress.Parse(center.Center.Addresses.AccessControl));

    private static async Task<T> ReadAsync<T>(HttpContext http, CancellationToken ct) =>
        NodeJson.FromUtf8<T>(await RequestBody.ReadAsync(http.Request, MaxBodyBytes, ct).ConfigureAwait(false));

    private static string ClientOf(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static ProblemHttpResult TooMany(HttpContext http, RateLimitLease lease, string who) =>
        TooMany(http, lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1), who);

    /// <summary>429 with Retry-After in whole seconds (at least 1), and the wait in words.</summary>
    private static ProblemHttpResult TooMany(HttpContext http, TimeSpan wait, string who)
    {
        var seconds = Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Problem($"too many relay requests from {who}; try again in {seconds} s", statusCode: StatusCodes.Status429TooManyRequests);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Relayed a patient-signed {Kind} {GrantId} in transaction {TransactionHash}")]
    private static partial void LogRelayed(ILogger logger, string kind, string grantId, string transactionHash);
}
