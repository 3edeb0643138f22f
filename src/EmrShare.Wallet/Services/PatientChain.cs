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
/// <remarks><paramref name="Expiry"/> and <paramref name="Revoked"/> are null when the chain could not be asked (a record-scoped
/// grant whose record list is not on this phone).</remarks>
public sealed record GivenGrant(WalletHospital Custodian, ChainAddress Grantee, Hash32 GrantId, Hash32 Scope, DateTimeOffset? Expiry, bool? Revoked, DateTimeOffset GrantedAt);

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
    /// The grants in <paramref name="history"/> with their state on chain now. A grant's scope is part of its key on
    /// chain and not in its event: <paramref name="scopes"/> gives it for the record-scoped grants this phone keeps
    /// (<see cref="WalletGrants"/>); any other grant is looked up as "all records at the custodian" (zero).
    /// </summary>
    public async Task<IReadOnlyList<GivenGrant>> GrantsAsync(IReadOnlyList<PatientEvent> history, IReadOnlyDictionary<Hash32, Hash32> scopes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        ArgumentNullException.ThrowIfNull(history);
        var chain = await ChainAsync(cancellationToken).ConfigureAwait(false);
        var grants = new List<GivenGrant>();
        foreach (var created in history.Where(e => e.Entry.Kind == PatientAuditKind.GrantCreated && e.Entry.GrantId is not null && e.Entry.Counterparty is not null))
        {
            var grantee = ChainAddress.Parse(created.Entry.Counterparty!);
            var grantId = Hash32.FromBytes(created.Entry.GrantId!.Value.ToArray());
            var scope = scopes.TryGetValue(grantId, out var listed) ? listed : Hash32.Zero;
            GrantInfo info;
            try
            {
                info = await chain.AccessControl.GetGrantAsync(new GrantRef(grantee.ToString(), created.Entry.GrantId!.Value, Bytes32.FromBytes(scope.ToBytes())), cancellationToken).ConfigureAwait(false);
            }
            catch (ContractRevertedException)
            {
                // A record-scoped grant given from another device (its record list is not on this phone): shown as
                // given, its state unknown here, never guessed.
                grants.Add(new GivenGrant(created.Hospital, grantee, grantId, Hash32.Zero, null, null, created.At));
                continue;
            }

            grants.Add(new GivenGrant(created.Hospital, grantee, grantId, scope,
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

    /// <summary>Core's manifest-signer check reads the Registry through here (Chain's <see cref="RegistryLookups"/>, as the nodes do).</summary>
    public async Task<PractitionerStanding?> FindPractitionerAsync(ChainAddress practitioner, CancellationToken cancellationToken)
    {
        var chain = await ChainAsync(cancellationToken).ConfigureAwait(false);
        return await chain.Registry.FindPractitionerAsync(practitioner.ToString(), cancellationToken).ConfigureAwait(false) is { } info
            ? new PractitionerStanding(ChainAddress.Parse(info.Hospital), info.Active)
            : null;
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
