using EmrShare.Chain;
using EmrShare.Web.Api.Center;
using Nethereum.RPC.Eth.DTOs;

namespace EmrShare.Web.Services;

/// <summary>Address pages, the latest-transactions feed and the Registry's registrations (issue 16 #14).</summary>
public sealed partial class ChainExplorer
{
    /// <summary>How many blocks back the transaction feed and an address page look for transactions.</summary>
    public const int RecentBlocks = 500;

    /// <summary>Most transactions or events an address page or the feed shows.</summary>
    public const int RecentItems = 25;

    /// <summary>The newest transactions of the last <see cref="RecentBlocks"/> blocks, at most <paramref name="count"/>.</summary>
    public async Task<IReadOnlyList<TransactionSummary>> GetLatestTransactionsAsync(int count, CancellationToken cancellationToken)
    {
        if (count is < 1 or > MaxBlockCount)
        {
            throw new RequestValidationException("count", $"between 1 and {MaxBlockCount}");
        }

        return await RecentTransactionsAsync(_ => true, count, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// What <paramref name="address"/> is (contract, the Center, hospital, practitioner, patient pseudonym, other
    /// account), its Registry status, and its recent transactions and the events that name it. Pseudonyms are shown
    /// one at a time: nothing here links two pseudonyms of the same patient (the chain holds no such link).
    /// </summary>
    public async Task<AddressDetail> GetAddressAsync(string address, CancellationToken cancellationToken)
    {
        var input = new InputValidator();
        var parsed = input.Address("address", address);
        input.ThrowIfInvalid();
        var subject = parsed.Lower;
        var (role, active, hospital) = await RoleOfAsync(subject, cancellationToken).ConfigureAwait(false);
        var head = await LatestAsync(cancellationToken).ConfigureAwait(false);
        var from = Math.Max(0, head - MaxBlocksPerQuery + 1);
        var logs = await LogsAsync(_events.Addresses, from, head, cancellationToken).ConfigureAwait(false);
        var events = logs.Where(e => Names(e, subject)).Reverse().Take(RecentItems).ToList();
        if (role is AddressRoles.Hospital or AddressRoles.Practitioner)
        {
            // Its registration stays on its page however busy the chain has been since, as an explorer keeps an
            // address's creation: the recent window alone loses it on an active network.
            var shown = events.Select(e => (e.TransactionHash, e.LogIndex)).ToHashSet();
            events.AddRange((await RegistrationsAsync(cancellationToken).ConfigureAwait(false))
                .Where(e => Names(e, subject) && !shown.Contains((e.TransactionHash, e.LogIndex))).Reverse());
        }

        var eventTxs = events.Select(e => e.TransactionHash).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var transactions = await RecentTransactionsAsync(
            tx => string.Equals(tx.From, subject, StringComparison.OrdinalIgnoreCase)
                || string.Equals(tx.To, subject, StringComparison.OrdinalIgnoreCase)
                || eventTxs.Contains(tx.TransactionHash),
            RecentItems, cancellationToken).ConfigureAwait(false);
        return new AddressDetail(subject, role, active, hospital, transactions, events);
    }

    /// <summary>Every HospitalRegistered and PractitionerRegistered event of the Registry, oldest first.</summary>
    internal async Task<IReadOnlyList<ChainEvent>> RegistrationsAsync(CancellationToken cancellationToken)
    {
        var head = await LatestAsync(cancellationToken).ConfigureAwait(false);
        string[] registry = [_actor.Center.Addresses.Registry];
        var hospitals = await LogsAsync(registry, 0, head, cancellationToken, _events.TopicOf("HospitalRegistered")).ConfigureAwait(false);
        var practitioners = await LogsAsync(registry, 0, head, cancellationToken, _events.TopicOf("PractitionerRegistered")).ConfigureAwait(false);
        return [.. hospitals.Concat(practitioners).OrderBy(e => e.BlockNumber).ThenBy(e => e.LogIndex)];
    }

    private async Task<(string Role, bool? Active, string? Hospital)> RoleOfAsync(string address, CancellationToken cancellationToken)
    {
        if (_events.ContractName(address) is { } contract)
        {
            return ($"{AddressRoles.Contract} ({contract})", null, null);
        }

        var registry = _actor.Center.Chain.Registry;
        if (string.Equals(await registry.GetOwnerAsync(cancellationToken).ConfigureAwait(false), address, StringComparison.OrdinalIgnoreCase))
        {
            return (AddressRoles.Center, null, null);
        }

        if (await TryAsync(() => registry.GetHospitalAsync(address, cancellationToken)).ConfigureAwait(false) is { EncryptionKey.Length: > 0 } hospital)
        {
            return (AddressRoles.Hospital, hospital.Active, null);
        }

        if (await TryAsync(() => registry.GetPractitionerAsync(address, cancellationToken)).ConfigureAwait(false) is { } practitioner
            && !IsZero(practitioner.Hospital))
        {
            return (AddressRoles.Practitioner, practitioner.Active, practitioner.Hospital.ToLowerInvariant());
        }

        return await registry.IsPatientPseudonymAsync(address, cancellationToken).ConfigureAwait(false)
            ? (AddressRoles.Pseudonym, true, null)
            : (AddressRoles.Account, null, null);
    }

    private static async Task<T?> TryAsync<T>(Func<Task<T>> read)
        where T : class
    {
        try
        {
            return await read().ConfigureAwait(false);
        }
        catch (ContractRevertedException)
        {
            return null;
        }
    }

    private static bool IsZero(string? address) => string.IsNullOrEmpty(address) || address.TrimStart('0', 'x', 'X').Length == 0;

    private static bool Names(ChainEvent e, string address) =>
        e.Arguments.Any(a => a.Type == "address" && string.Equals(a.Value, address, StringComparison.OrdinalIgnoreCase))
        || e.Topics.Skip(1).Any(t => t.EndsWith(address[2..], StringComparison.OrdinalIgnoreCase) && t.Length == 66 && t.StartsWith("0x000000000000000000000000", StringComparison.OrdinalIgnoreCase));

    private async Task<IReadOnlyList<TransactionSummary>> RecentTransactionsAsync(Func<Transaction, bool> wanted, int count, CancellationToken cancellationToken)
    {
        var head = await LatestAsync(cancellationToken).ConfigureAwait(false);
        var found = new List<TransactionSummary>();
        for (var n = head; n >= 0 && n > head - RecentBlocks && found.Count < count; n--)
        {
            var block = await BlockAsync(n, cancellationToken).ConfigureAwait(false);
            if (block?.Transactions is not { Length: > 0 } txs)
            {
                continue;
            }

            var matching = txs.Where(wanted).Reverse().ToList();
            if (matching.Count == 0)
            {
                continue;
            }

            var logs = await LogsAsync(null, n, n, cancellationToken).ConfigureAwait(false);
            foreach (var tx in matching.Take(count - found.Count))
            {
                var detail = await DetailAsync(tx, logs, cancellationToken).ConfigureAwait(false);
                found.Add(new TransactionSummary(detail.Hash, detail.BlockNumber, DateTimeOffset.FromUnixTimeSeconds((long)block.Timestamp.Value),
                    detail.From, detail.To, detail.Contract, detail.Succeeded, [.. detail.Events.Select(e => e.Name)]));
            }
        }

        return found;
    }
}
