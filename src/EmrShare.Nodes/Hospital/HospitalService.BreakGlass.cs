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
        var key = PractitionerKey(practitioner);
        var asPractitioner = _options.Chain.Bind(HexBytes.ToHex(key.ToBytes32()), _options.Addresses);
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

    /// <summary>Gives each practitioner account gas for its own transactions (break-glass is sent by the practitioner).</summary>
    public async Task FundPractitionersAsync(decimal ether, CancellationToken cancellationToken)
    {
        foreach (var practitioner in _keys.PractitionerAddresses)
        {
            await ChainAccess.TransferAsync(Web3, practitioner.ToString(), ether, cancellationToken).ConfigureAwait(false);
        }
    }
}
