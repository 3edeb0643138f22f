using EmrShare.Chain;
using EmrShare.Core;
using EmrShare.Nodes.Chain;

namespace EmrShare.Nodes.Hospital;

public sealed partial class HospitalService
{
    private RecordReader? _reader;

    /// <summary>The one gate for decrypting reads by staff (audit, need-to-know, patient-visible log of received records).</summary>
    public RecordReader Reader => _reader ??= new RecordReader(this, _options.CareWindow, _time);

    /// <summary>
    /// Puts a staff read of a record received from another hospital on chain (<c>recordAccess</c>, action read), under
    /// the pseudonym the record names, so the patient's wallet lists it. A refusal or an unreachable chain refuses the read.
    /// </summary>
    internal async Task<ChainReceipt> LogReceivedRecordReadAsync(RecordRow row, CancellationToken cancellationToken)
    {
        try
        {
            return await Chain.AccessControl.RecordAccessAsync(row.Pseudonym, RecordId.Parse(row.RecordId).ToBytes32(), AccessAction.Read, cancellationToken).ConfigureAwait(false);
        }
        catch (ContractRevertedException ex)
        {
            throw new AccessDeniedException($"the chain refused to log this read for the patient ({ex.ErrorName})", ex);
        }
    }
}
