using System.Collections.Concurrent;
using System.Numerics;
using EmrShare.Ledger.Chain;
using EmrShare.Ledger.Rpc;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;
using Nethereum.Hex.HexTypes;
using Nethereum.JsonRpc.Client;
using Nethereum.JsonRpc.Client.RpcMessages;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Signer;
using Nethereum.Web3;
using Nethereum.Web3.Accounts;
using Newtonsoft.Json;

namespace EmrShare.Ledger.Tests.Sending;

/// <summary>
/// A Nethereum client of a real embedded ledger (in process, through the same JSON path as HTTP) that records the
/// JSON-RPC methods it was asked for and can run a step just before a request goes out, e.g. another client
/// sending from the same account at exactly that moment. It answers nothing itself: every answer is the ledger's.
/// </summary>
internal sealed class RecordingLedgerClient(IRpcHandler handler) : ClientBase
{
    private readonly ConcurrentQueue<string> _methods = new();

    /// <summary>Runs before a request with that method is handed to the ledger.</summary>
    public Func<RpcRequestMessage, Task>? BeforeRequest { get; set; }

    public IReadOnlyList<string> Methods => [.. _methods];

    /// <summary>How many requests of <paramref name="method"/> were sent since <paramref name="mark"/> (a <see cref="Methods"/> count).</summary>
    public int CountSince(int mark, string method) => Methods.Skip(mark).Count(m => m == method);

    public override async Task<RpcResponseMessage> SendAsync(RpcRequestMessage rpcRequestMessage, string? route = null)
    {
        ArgumentNullException.ThrowIfNull(rpcRequestMessage);
        _methods.Enqueue(rpcRequestMessage.Method);
        if (BeforeRequest is { } step)
        {
            await step(rpcRequestMessage).ConfigureAwait(false);
        }

        var response = await handler.HandleAsync(JsonConvert.SerializeObject(rpcRequestMessage), CancellationToken.None).ConfigureAwait(false);
        return JsonConvert.DeserializeObject<RpcResponseMessage>(response ?? "{}")
            ?? throw new RpcClientUnknownException("empty response from the in-process ledger");
    }

    protected override Task<RpcResponseMessage[]> SendAsync(RpcRequestMessage[] requests) =>
        throw new NotSupportedException("the sending path under test sends no batches");
}

/// <summary>A fresh in-memory ledger with the LedgerProbe contract deployed by a key the tests do not send from.</summary>
internal sealed class SendingLedger : IAsyncDisposable
{
    private SendingLedger(EmbeddedLedger ledger, LedgerRpcHandler handler, string probe)
    {
        Ledger = ledger;
        Handler = handler;
        Probe = probe;
        Client = new RecordingLedgerClient(handler);
    }

    public EmbeddedLedger Ledger { get; }

    public LedgerRpcHandler Handler { get; }

    /// <summary>The client the code under test sends through.</summary>
    public RecordingLedgerClient Client { get; }

    public string Probe { get; }

    public static long ChainId => (long)LedgerOptions.Development().ChainId;

    /// <summary>The account the tests send from (ChainConnection, as every node does).</summary>
    public static string SenderKey => LedgerOptions.DevPrivateKeys[1];

    public static async Task<SendingLedger> StartAsync(CancellationToken cancellationToken)
    {
        EthECKey.SignRecoverable = true;
        var ledger = await EmbeddedLedger.OpenAsync(LedgerOptions.Development(), null, cancellationToken);
        var handler = new LedgerRpcHandler(ledger);
        var deployer = new Web3(new Account(LedgerOptions.DevPrivateKeys[2], ChainId), new InProcessRpcClient(handler));
        var receipt = await deployer.Eth.DeployContract.SendRequestAndWaitForReceiptAsync(
            TestKit.Probe.AbiJson, TestKit.Probe.Bytecode.ToHexCompact(), deployer.TransactionManager.Account.Address, new HexBigInteger(3_000_000));
        Assert.Equal(1, (int)receipt.Status.Value);
        return new SendingLedger(ledger, handler, receipt.ContractAddress);
    }

    /// <summary>Another process holding the same key: its own client and Nethereum's own nonce tracking.</summary>
    public IWeb3 OutOfBand(string privateKey) => new Web3(new Account(privateKey, ChainId), new InProcessRpcClient(Handler));

    public async Task<BigInteger> MinedNonceAsync(string address) =>
        (await OutOfBand(LedgerOptions.DevPrivateKeys[3]).Eth.Transactions.GetTransactionCount.SendRequestAsync(address, BlockParameter.CreateLatest())).Value;

    public async Task<BigInteger> BalanceAsync(string address) =>
        (await OutOfBand(LedgerOptions.DevPrivateKeys[3]).Eth.GetBalance.SendRequestAsync(address, BlockParameter.CreateLatest())).Value;

    public async ValueTask DisposeAsync() => await Ledger.DisposeAsync();
}

/// <summary>LedgerProbe.burn: the same calldata whatever the rounds, gas growing with them.</summary>
[Function("burn", "bytes32")]
public sealed class ProbeBurnFunction : FunctionMessage
{
    [Parameter("uint256", "rounds", 1)]
    public BigInteger Rounds { get; set; }
}

/// <summary>LedgerProbe.anchor: reverts AlreadyAnchored for an id anchored before.</summary>
[Function("anchor")]
public sealed class ProbeAnchorFunction : FunctionMessage
{
    [Parameter("bytes32", "id", 1)]
    public byte[] Id { get; set; } = [];

    [Parameter("bytes32", "commitment", 2)]
    public byte[] Commitment { get; set; } = [];
}
