using EmrShare.Ledger.Chain;
using EmrShare.Ledger.Tests.TestKit;
using Microsoft.Data.Sqlite;

namespace EmrShare.Ledger.Tests;

/// <summary>
/// Group commit is fail-stop: once a commit fails, nothing more is accepted (a later block would build on one that
/// never became durable), the head stays at the last durable block, and the refusal names the storage failure.
/// </summary>
public sealed class StorageFaultTests
{
    [Fact]
    public async Task Send_AfterCommitFailed_RefusedAndHeadStaysDurable()
    {
        var ct = TestContext.Current.CancellationToken;
        using var folder = new TempFolder();
        var path = folder.File("ledger.db");
        await using var ledger = await EmbeddedLedger.OpenAsync(LedgerOptions.Development(path), cancellationToken: ct);
        var to = LedgerHarness.Account(9);
        await ledger.SendRawTransactionAsync(TestTx.Legacy(LedgerHarness.Key(1), 31337, 0, to, [], 21_000, value: 1), ct);
        Assert.Equal(1, ledger.Head.Number);

        // Break the database under the ledger: its next commit cannot write receipts.
        using (var saboteur = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString()))
        {
            saboteur.Open();
            using var drop = saboteur.CreateCommand();
            drop.CommandText = "DROP TABLE receipts";
            drop.ExecuteNonQuery();
        }

        await Assert.ThrowsAnyAsync<Exception>(() => ledger.SendRawTransactionAsync(TestTx.Legacy(LedgerHarness.Key(1), 31337, 1, to, [], 21_000, value: 1), ct));
        Assert.Equal(1, ledger.Head.Number);
        var refusal = await Assert.ThrowsAsync<LedgerRpcException>(() => ledger.SendRawTransactionAsync(TestTx.Legacy(LedgerHarness.Key(2), 31337, 0, to, [], 21_000, value: 1), ct));
        Assert.Contains("ledger storage failed", refusal.Message, StringComparison.Ordinal);
        Assert.Equal(1, ledger.Head.Number);
        Assert.Equal(0, (await ledger.GetAccountAsync(LedgerHarness.Account(2), BlockTag.Latest, ct)).Nonce);
    }
}
