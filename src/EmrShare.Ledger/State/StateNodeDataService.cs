using System.Numerics;
using Nethereum.EVM.BlockchainState;
using Nethereum.Hex.HexConvertors.Extensions;

namespace EmrShare.Ledger.State;

/// <summary>Feeds Nethereum's executor from a ledger state layer (all answers are synchronous, from memory).</summary>
public sealed class StateNodeDataService : INodeDataService
{
    private readonly IStateReader _state;
    private readonly Func<BigInteger, byte[]> _blockHash;

    public StateNodeDataService(IStateReader state, Func<BigInteger, byte[]> blockHash)
    {
        _state = state;
        _blockHash = blockHash;
    }

    public Task<BigInteger> GetBalanceAsync(byte[] address) => GetBalanceAsync(address.ToHex(true));

    public Task<BigInteger> GetBalanceAsync(string address) => Task.FromResult(_state.GetAccount(LedgerHex.NormalizeAddress(address)).Balance);

    public Task<byte[]> GetCodeAsync(byte[] address) => GetCodeAsync(address.ToHex(true));

    public Task<byte[]> GetCodeAsync(string address) => Task.FromResult(_state.GetAccount(LedgerHex.NormalizeAddress(address)).Code);

    public Task<byte[]> GetBlockHashAsync(BigInteger blockNumber) => Task.FromResult(_blockHash(blockNumber));

    public Task<byte[]> GetStorageAtAsync(byte[] address, BigInteger position) => GetStorageAtAsync(address.ToHex(true), position);

    public Task<byte[]> GetStorageAtAsync(string address, BigInteger position) =>
        Task.FromResult((byte[])_state.GetStorage(LedgerHex.NormalizeAddress(address), position).Clone());

    public Task<BigInteger> GetTransactionCount(byte[] address) => GetTransactionCount(address.ToHex(true));

    public Task<BigInteger> GetTransactionCount(string address) => Task.FromResult(_state.GetAccount(LedgerHex.NormalizeAddress(address)).Nonce);
}
