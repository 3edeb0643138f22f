namespace EmrShare.Core.Signing;

/// <summary>A struct that can be signed as EIP-712 typed data.</summary>
public interface ITypedMessage
{
    /// <summary>hashStruct(message) = keccak256(typeHash ‖ encodeData(message)).</summary>
    Hash32 HashStruct();

    /// <summary>Throws <see cref="SignatureExpiredException"/> when the message is no longer (or not yet) acceptable.</summary>
    void CheckFreshness(DateTimeOffset now);
}
