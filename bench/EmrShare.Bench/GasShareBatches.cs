using System.Numerics;
using System.Security.Cryptography;
using EmrShare.Chain;

namespace EmrShare.Bench;

/// <summary>
/// Gas of a share (B's <c>requestAccess</c> + A's fulfilment) when A records its fulfilments in batches
/// (<c>recordFulfilments</c>), amortised per share. Each share is of a record of its own, freshly anchored by A, so
/// no batch profits from a receipt slot a previous share already wrote.
/// </summary>
internal static class GasShareBatches
{
    public static readonly int[] BatchSizes = [1, 8, 32];

    /// <summary>Issue 19's target for a share amortised over a batch.</summary>
    public const long ShareTarget = 40_000;

    public static async Task<IReadOnlyList<GasMeasurement>> MeasureAsync(EmrShareChain custodian, EmrShareChain grantee, GrantRef grant, string custodianAddress, CancellationToken ct)
    {
        var rows = new List<GasMeasurement>();
        foreach (var size in BatchSizes)
        {
            BigInteger requestGas = 0;
            var entries = new List<FulfilmentEntry>(size);
            for (var i = 0; i < size; i++)
            {
                var recordId = Random32();
                await custodian.Records.AnchorRecordAsync(recordId, 1, Random32(), Bytes32.Zero, ct);
                var request = await grantee.AccessControl.RequestAccessAsync(grant, recordId, custodianAddress, [], ct);
                requestGas += request.Receipt.GasUsed;
                entries.Add(new FulfilmentEntry(request.RequestId, Random32()));
            }

            var batchGas = (await custodian.AccessControl.RecordFulfilmentsAsync(entries, ct)).GasUsed;
            rows.Add(new($"AccessControl.recordFulfilments (batch of {size}), per request", batchGas / size, null));
            rows.Add(new($"share amortised (requestAccess + recordFulfilments, batch of {size})", (requestGas + batchGas) / size, ShareTarget));
        }

        return rows;
    }

    private static Bytes32 Random32() => Bytes32.FromBytes(RandomNumberGenerator.GetBytes(32));
}
