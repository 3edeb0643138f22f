namespace EmrShare.Ledger.Chain;

/// <summary>A JSON-RPC block parameter: a number or one of the named tags.</summary>
public readonly record struct BlockTag(BlockTagKind Kind, long Number)
{
    public static BlockTag Latest { get; } = new(BlockTagKind.Latest, 0);

    public static BlockTag Pending { get; } = new(BlockTagKind.Pending, 0);

    public static BlockTag Earliest { get; } = new(BlockTagKind.Number, 0);

    public static BlockTag At(long number) => new(BlockTagKind.Number, number);

    /// <summary>Parses "latest", "pending", "earliest", "safe", "finalized" or a hex number; null means latest.</summary>
    public static BlockTag Parse(string? text)
    {
        switch (text)
        {
            case null or "latest":
                return Latest;
            case "pending":
                return Pending;
            case "earliest":
                return Earliest;

            // A single sealer's blocks are final once sealed: safe and finalized are the head.
            case "safe" or "finalized":
                return Latest;
        }

        var number = LedgerHex.ParseQuantity(text, "block number");
        if (number > long.MaxValue)
        {
            throw new LedgerRpcException(RpcErrorCodes.InvalidParams, "invalid argument: block number too large");
        }

        return At((long)number);
    }
}

public enum BlockTagKind
{
    Latest,
    Pending,
    Number,
}
