using System.Numerics;
using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.Model;
using Nethereum.RLP;

namespace EmrShare.Ledger.Transactions;

/// <summary>
/// Turns raw signed bytes into a <see cref="LedgerTransaction"/>, applying the stateless checks geth applies
/// before a transaction reaches the pool (size, type, chain id, signature values, sender recovery). Every
/// failure is a <see cref="LedgerRpcException"/> with geth's code and message; nothing here throws anything else.
/// </summary>
public sealed class RawTransactionDecoder
{
    private static readonly BigInteger SecpN = BigInteger.Parse("115792089237316195423570985008687907852837564279074904382605163141518161494337", System.Globalization.CultureInfo.InvariantCulture);
    private static readonly BigInteger HalfN = SecpN / 2;

    private readonly BigInteger _chainId;
    private readonly int _maxBytes;

    public RawTransactionDecoder(BigInteger chainId, int maxBytes)
    {
        _chainId = chainId;
        _maxBytes = maxBytes;
    }

    public LedgerTransaction Decode(byte[] raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        if (raw.Length > _maxBytes)
        {
            throw new LedgerRpcException("oversized data");
        }

        if (raw.Length == 0)
        {
            throw new LedgerRpcException("typed transaction too short");
        }

        // Shape first (linear time): legacy = one 9-item list; type 2 = 0x02 ‖ one 12-item list.
        var shapeOk = raw[0] switch
        {
            >= 0xc0 => RlpShape.IsSingleList(raw, out var legacyItems) && legacyItems == 9,
            0x02 => RlpShape.IsSingleList(raw.AsSpan(1), out var typedItems) && typedItems == 12,
            < 0x80 => throw new LedgerRpcException("transaction type not supported"),
            _ => false,
        };
        if (!shapeOk)
        {
            throw new LedgerRpcException("rlp: invalid transaction encoding");
        }

        ISignedTransaction signed;
        try
        {
            signed = TransactionFactory.CreateTransaction(raw);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new LedgerRpcException("rlp: invalid transaction encoding");
        }

        return signed switch
        {
            Transaction1559 t => From1559(t, raw),
            LegacyTransactionChainId t => FromLegacy(t, raw),
            LegacyTransaction => throw new LedgerRpcException("only replay-protected (EIP-155) transactions allowed over RPC"),
            _ => throw new LedgerRpcException("transaction type not supported"),
        };
    }

    private LedgerTransaction From1559(Transaction1559 t, byte[] raw)
    {
        if (t.ChainId != _chainId)
        {
            throw new LedgerRpcException($"invalid chain id for signer: have {t.ChainId} want {_chainId}");
        }

        var (r, s, v) = CheckSignature(t);
        var maxFee = t.MaxFeePerGas ?? BigInteger.Zero;
        var tip = t.MaxPriorityFeePerGas ?? BigInteger.Zero;
        if (tip > maxFee)
        {
            throw new LedgerRpcException("max priority fee per gas higher than max fee per gas");
        }

        return new LedgerTransaction
        {
            Hash = t.Hash,
            Raw = raw,
            Type = 2,
            From = RecoverSender(t.RawHash, r, s, v),
            To = NormalizeTo(t.ReceiverAddress),
            Nonce = t.Nonce ?? BigInteger.Zero,
            GasLimit = t.GasLimit ?? BigInteger.Zero,
            GasPrice = maxFee,
            MaxFeePerGas = maxFee,
            MaxPriorityFeePerGas = tip,
            Value = t.Amount ?? BigInteger.Zero,
            Input = string.IsNullOrEmpty(t.Data) ? [] : t.Data.HexToByteArray(),
            ChainId = t.ChainId,
            V = v,
            R = r,
            S = s,
        };
    }

    private LedgerTransaction FromLegacy(LegacyTransactionChainId t, byte[] raw)
    {
        var chainId = t.GetChainIdAsBigInteger();
        if (chainId != _chainId)
        {
            throw new LedgerRpcException($"invalid chain id for signer: have {chainId} want {_chainId}");
        }

        var (r, s, v) = CheckSignature(t);
        return new LedgerTransaction
        {
            Hash = t.Hash,
            Raw = raw,
            Type = 0,
            From = RecoverSender(t.RawHash, r, s, v - (chainId * 2) - 35),
            To = NormalizeTo(t.ReceiveAddress?.ToHex(true)),
            Nonce = t.Nonce.ToBigIntegerFromRLPDecoded(),
            GasLimit = t.GasLimit.ToBigIntegerFromRLPDecoded(),
            GasPrice = t.GasPrice.ToBigIntegerFromRLPDecoded(),
            Value = t.Value.ToBigIntegerFromRLPDecoded(),
            Input = t.Data ?? [],
            ChainId = chainId,
            V = v,
            R = r,
            S = s,
        };
    }

    private static (byte[] R, byte[] S, BigInteger V) CheckSignature(ISignedTransaction t)
    {
        var sig = t.Signature ?? throw new LedgerRpcException("invalid transaction v, r, s values");
        var r = sig.R ?? [];
        var s = sig.S ?? [];
        var rValue = new BigInteger(r, isUnsigned: true, isBigEndian: true);
        var sValue = new BigInteger(s, isUnsigned: true, isBigEndian: true);
        if (rValue.Sign == 0 || sValue.Sign == 0 || rValue >= SecpN || sValue > HalfN)
        {
            // s above n/2 is the malleable twin of a valid signature (EIP-2): refused like geth does.
            throw new LedgerRpcException("invalid transaction v, r, s values");
        }

        var v = sig.V is null || sig.V.Length == 0 ? BigInteger.Zero : new BigInteger(sig.V, isUnsigned: true, isBigEndian: true);
        return (r, s, v);
    }

    private static string RecoverSender(byte[] rawHash, byte[] r, byte[] s, BigInteger recoveryId)
    {
        var address = recoveryId < 0 || recoveryId > 1 ? null : SenderRecovery.Recover(rawHash, r, s, (int)recoveryId);
        return address ?? throw new LedgerRpcException("invalid transaction v, r, s values");
    }

    private static string? NormalizeTo(string? to)
    {
        if (string.IsNullOrEmpty(to) || to == "0x")
        {
            return null;
        }

        return LedgerHex.NormalizeAddress(to);
    }
}
