using System.Collections.Concurrent;
using System.Numerics;
using EmrShare.Chain;
using EmrShare.Core;
using EmrShare.Core.Signing;
using Nethereum.JsonRpc.Client;
using Nethereum.Web3;

namespace EmrShare.Wallet.Services;

/// <summary>One chain event about one of the patient's pseudonyms, with the hospital it concerns and its block's time.</summary>
public sealed record PatientEvent(WalletHospital Hospital, PatientAuditEntry Entry, DateTimeOffset At)
{
    public bool IsBreakGlass => Entry.Kind == PatientAuditKind.BreakGlassAccessed;
}

/// <summary>A grant the patient gave, as the chain stores it now.</summary>
public sealed record GivenGrant(WalletHospital Custodian, ChainAddress Grantee, Hash32 GrantId, DateTimeOffset Expiry, bool Revoked, DateTimeOffset GrantedAt);

/// <summary>
/// The chain as the phone reads it: the Center's JSON-RPC with the shared contract bindings (EmrShare.Chain), no
/// account (the wallet never sends a transaction itself). Everything is filtered by the patient's pseudonyms, which
/// are derived here; only those public addresses leave the device.
/// </summary>
public sealed class PatientChain(HttpClient http, CenterClient center) : IPractitionerRegistry
{
    private readonly ConcurrentDictionary<BigInteger, DateTimeOffset> _blockTimes = new();
    private IWeb3? _web3;
    private IEmrShareChain? _chain;

    /// <summary>Every AccessControl event about the pseudonyms at <paramref name="hospitals"/>, oldest first.</summary>
    public async Task<IReadOnlyList<PatientEvent>> HistoryAsync(IReadOnlyList<WalletHospital> hospitals, Func<ChainAddress, ChainAddress> pseudonymAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hospitals);
        ArgumentNullException.ThrowIfNull(pseudonymAt);
        var chain = await ChainAsync(cancellationToken).ConfigureAwait(false);
        var events = new List<PatientEvent>();
        foreach (var hospital in hospitals)
        {
            var history = await chain.AccessControl.GetPatientHistoryAsync(pseudonymAt(hospital.Address).ToString(), cancellationToken).ConfigureAwait(false);
            foreach (var entry in history)
            {
                events.Add(new PatientEvent(hospital, entry, await BlockTimeAsync(entry.BlockNumber, cancellationToken).ConfigureAwait(false)));
            }
        }

        return [.. events.OrderBy(e => e.Entry.BlockNumber).ThenBy(e => e.Entry.LogIndex)];
    }

    /// <summary>
    /// The grants in <paramref name="history"/> with their state on chain now. The wallet signs scope "all records at
    /// the custodian" (zero), which is part of the grant's key on chain.
    /// </summary>
    public async Task<IReadOnlyList<GivenGrant>> GrantsAsync(IReadOnlyList<PatientEvent> history, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(history);
        var chain = await ChainAsync(cancellationToken).ConfigureAwait(false);
        var grants = new List<GivenGrant>();
        foreach (var created in history.Where(e => e.Entry.Kind == PatientAuditKind.GrantCreated && e.Entry.GrantId is not null && e.Entry.Counterparty is not null))
        {
            var grantee = ChainAddress.Parse(created.Entry.Counterparty!);
            var info = await chain.AccessControl.GetGrantAsync(new GrantRef(grantee.ToString(), created.Entry.GrantId!.Value, Bytes32.Zero), cancellationToken).ConfigureAwait(false);
            grants.Add(new GivenGrant(created.Hospital, grantee, Hash32.FromBytes(created.Entry.GrantId!.Value.ToArray()),
                DateTimeOffset.FromUnixTimeSeconds((long)info.Expiry), info.Revoked, created.At));
        }

        return grants;
    }

    /// <summary>Whether the Registry lists <paramref name="hospital"/> as a registered, active hospital.</summary>
    public async Task<bool> IsActiveHospitalAsync(ChainAddress hospital, CancellationToken cancellationToken)
    {
        var chain = await ChainAsync(cancellationToken).ConfigureAwait(false);
        return await chain.Registry.IsActiveHospitalAsync(hospital.ToString(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Core's manifest-signer check reads the Registry through here (a revert means "not a practitioner").</summary>
    public async Task<PractitionerStanding?> FindPractitionerAsync(ChainAddress practitioner, CancellationToken cancellationToken)
    {
        var chain = await ChainAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var info = await chain.Registry.GetPractitionerAsync(practitioner.ToString(), cancellationToken).ConfigureAwait(false);
            return new PractitionerStanding(ChainAddress.Parse(info.Hospital), info.Active);
        }
        catch (ContractRevertedException)
        {
            return null;
        }
    }

    private async Task<IEmrShareChain> ChainAsync(CancellationToken cancellationToken)
    {
        if (_chain is not null)
        {
            return _chain;
        }

        var network = await center.NetworkAsync(cancellationToken).ConfigureAwait(false);
        var rpc = new Uri(center.BaseAddress, network.Rpc.TrimStart('/'));
        _web3 = new Web3(new RpcClient(rpc, http));
        _chain = new EmrShareChain(_web3, new EmrShareAddresses(network.Registry, network.Records, network.Index, network.AccessControl));
        return _chain;
    }

    private async Task<DateTimeOffset> BlockTimeAsync(BigInteger number, CancellationToken cancellationToken)
    {
        if (_blockTimes.TryGetValue(number, out var known))
        {
            return known;
        }

        var block = await _web3!.Eth.Blocks.GetBlockWithTransactionsHashesByNumber
            .SendRequestAsync(new Nethereum.Hex.HexTypes.HexBigInteger(number)).WaitAsync(cancellationToken).ConfigureAwait(false);
        var at = DateTimeOffset.FromUnixTimeSeconds((long)block.Timestamp.Value);
        _blockTimes[number] = at;
        return at;
    }
}
