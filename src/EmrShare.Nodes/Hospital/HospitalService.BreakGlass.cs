using EmrShare.Chain;
using EmrShare.Core;
using EmrShare.Core.Crypto;
using EmrShare.Nodes.Chain;

namespace EmrShare.Nodes.Hospital;

/// <summary>A break-glass read: the record and the on-chain log entry the patient will see.</summary>
public sealed record BreakGlassRead(RecordContent Record, ChainReceipt Logged);

public sealed partial class HospitalService
{
    /// <summary>
    /// Emergency read without consent: the practitioner itself calls <c>breakGlass(pseudonym, recordId, reason)</c>
    /// (reason 1 unconscious, 2 life-threatening, 3 other), so the access is on chain under the patient's pseudonym
    /// before any plaintext is produced. The chain refuses inactive practitioners and bad reason codes.
    /// </summary>
    internal async Task<BreakGlassRead> BreakGlassReadAsync(RecordId recordId, ChainAddress practitioner, ushort reasonCode, CancellationToken cancellationToken)
    {
        var row = await Database.FindLatestRecordAsync(recordId.ToString(), cancellationToken).ConfigureAwait(false)
            ?? throw new UnknownEntityException("no such record here");
        EnsureNotErased(row);
        var asPractitioner = await BindPractitionerAsync(practitioner, cancellationToken).ConfigureAwait(false);
        ChainReceipt logged;
        try
        {
            logged = await asPractitioner.AccessControl.BreakGlassAsync(row.Pseudonym, recordId.ToBytes32(), reasonCode, cancellationToken).ConfigureAwait(false);
        }
        catch (ContractRevertedException ex)
        {
            throw new AccessDeniedException($"the chain refused the break-glass access ({ex.ErrorName})", ex);
        }

        await AuditAsync("break-glass", row.RecordId, practitioner.Lower, logged.TransactionHash, cancellationToken).ConfigureAwait(false);
        return new BreakGlassRead(await ReadRecordAsync(recordId, cancellationToken).ConfigureAwait(false), logged);
    }

    /// <summary>
    /// Binds a practitioner's key for a transaction it must sign itself (break-glass here or for a record held
    /// elsewhere), first topping up its gas from this hospital's account when it runs low: outside the demo nobody else
    /// funds practitioner accounts, and an emergency must not fail on an empty account.
    /// </summary>
    private async Task<IEmrShareChain> BindPractitionerAsync(ChainAddress practitioner, CancellationToken cancellationToken)
    {
        var key = PractitionerKey(practitioner);
        var balance = await Web3.Eth.GetBalance.SendRequestAsync(practitioner.ToString()).ConfigureAwait(false);
        if (balance.Value < PractitionerGasFloorWei)
        {
            await ChainAccess.TransferAsync(Web3, practitioner.ToString(), PractitionerTopUpEther, cancellationToken).ConfigureAwait(false);
        }

        return _options.Chain.Bind(HexBytes.ToHex(key.ToBytes32()), _options.Addresses);
    }

    /// <summary>0.01 ether: below it a practitioner's account is topped up before it signs a transaction.</summary>
    private static readonly System.Numerics.BigInteger PractitionerGasFloorWei = System.Numerics.BigInteger.Pow(10, 16);

    private const decimal PractitionerTopUpEther = 0.5m;

    /// <summary>Gives each practitioner account gas for its own transactions (break-glass is sent by the practitioner).</summary>
    public async Task FundPractitionersAsync(decimal ether, CancellationToken cancellationToken)
    {
        foreach (var practitioner in _keys.PractitionerAddresses)
        {
            await ChainAccess.TransferAsync(Web3, practitioner.ToString(), ether, cancellationToken).ConfigureAwait(false);
        }
    }
}
