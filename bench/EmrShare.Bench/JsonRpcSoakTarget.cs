using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using EmrShare.Ledger;
using EmrShare.Ledger.Chain;
using EmrShare.Ledger.Rpc;
using EmrShare.TestSupport;
using Nethereum.JsonRpc.Client;
using Nethereum.Util;

namespace EmrShare.Bench;

/// <summary>
/// The embedded ledger as a node runs it (SQLite file, automine) behind its HTTP JSON-RPC server on a loopback
/// port, soaked with a mix of eth_sendRawTransaction (pre-signed Records.anchorRecord), eth_call
/// (Records.commitmentOf of an anchored record, answer checked) and eth_getTransactionReceipt (status checked).
/// </summary>
public sealed class JsonRpcSoakTarget : ISoakTarget
{
    private const int Accounts = 8;
    private readonly string _root = Directory.CreateTempSubdirectory("emrshare-soak-").FullName;
    private readonly ConcurrentQueue<(string Hash, byte[] RecordId, string Hospital)> _anchored = new();
    private EmbeddedLedger? _ledger;
    private LedgerHttpServer? _server;
    private BenchRpc? _rpc;
    private LedgerBenchmarkWorkload? _workload;
    private SemaphoreSlim[] _accountGates = [];
    private int[] _next = [];
    private readonly string _salt = "soak-" + Guid.NewGuid().ToString("N");
    private long _sent;

    public string Name => "embedded ledger JSON-RPC over HTTP";

    public async Task<IReadOnlyList<SoakOperation>> StartAsync(int expectedWrites, CancellationToken cancellationToken)
    {
        _ledger = await EmbeddedLedger.OpenAsync(LedgerOptions.Development(Path.Combine(_root, "ledger.db")), cancellationToken: cancellationToken);
        _server = await LedgerHttpServer.StartAsync(new LedgerRpcHandler(_ledger), FreePort.Next(), cancellationToken);
        var records = await LedgerBenchmarkSetup.DeployRecordsAsync(new RpcClient(_server.Endpoint), Accounts, cancellationToken);
        _workload = LedgerBenchmarkWorkload.Create(records, expectedWrites + (Accounts * 8), Accounts, _salt);
        _rpc = new BenchRpc(_server.Endpoint);
        _accountGates = [.. Enumerable.Range(0, Accounts).Select(_ => new SemaphoreSlim(1, 1))];
        _next = new int[Accounts];
        return
        [
            new SoakOperation("eth_sendRawTransaction", SendAnchorAsync),
            new SoakOperation("eth_call", CallAsync),
            new SoakOperation("eth_getTransactionReceipt", ReceiptAsync),
        ];
    }

    /// <summary>Anchors go out in nonce order per account (a gate per account); accounts take turns.</summary>
    private async Task SendAnchorAsync(CancellationToken ct)
    {
        var account = (int)(Interlocked.Increment(ref _sent) % Accounts);
        await _accountGates[account].WaitAsync(ct);
        try
        {
            var n = _next[account]++;
            var raw = _workload!.PerAccount[account][n];
            var hash = await _rpc!.SendRawAsync(raw, ct);
            _anchored.Enqueue((hash, RecordIdOf(account, n), new Nethereum.Signer.EthECKey(LedgerOptions.DevPrivateKeys[account + 1]).GetPublicAddress()));
            while (_anchored.Count > 1_000 && _anchored.TryDequeue(out _))
            {
            }
        }
        finally
        {
            _accountGates[account].Release();
        }
    }

    private async Task CallAsync(CancellationToken ct)
    {
        if (!_anchored.TryPeek(out var anchored))
        {
            await _rpc!.CallAsync("eth_blockNumber", [], ct);
            return;
        }

        var selector = Sha3Keccack.Current.CalculateHash(Encoding.ASCII.GetBytes("commitmentOf(address,bytes32,uint32)"))[..4];
        var hospital = new byte[32];
        Convert.FromHexString(anchored.Hospital[2..]).CopyTo(hospital, 12);
        var version = new byte[32];
        version[31] = 1;
        var data = LedgerHex.Data([.. selector, .. hospital, .. anchored.RecordId, .. version]);
        var result = (await _rpc!.CallAsync("eth_call", [new JsonObject { ["to"] = _workload!.Records, ["data"] = data }, "latest"], ct))!.GetValue<string>();
        if (result.Trim('0', 'x').Length == 0)
        {
            throw new InvalidOperationException("an anchored record has no commitment");
        }
    }

    private async Task ReceiptAsync(CancellationToken ct)
    {
        if (!_anchored.TryPeek(out var anchored))
        {
            return;
        }

        var receipt = await _rpc!.CallAsync("eth_getTransactionReceipt", [anchored.Hash], ct);
        if (receipt?["status"]?.GetValue<string>() != "0x1")
        {
            throw new InvalidOperationException("an accepted anchor has no successful receipt");
        }
    }

    /// <summary>The record id <see cref="LedgerBenchmarkWorkload"/> put into transaction n of an account.</summary>
    private byte[] RecordIdOf(int account, int n) =>
        Sha3Keccack.Current.CalculateHash(Encoding.ASCII.GetBytes(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{_salt}-{account}-{n}")));

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        if (_ledger is not null)
        {
            await _ledger.DisposeAsync();
        }

        foreach (var gate in _accountGates)
        {
            gate.Dispose();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // leaves a temp folder behind only
        }
    }
}
