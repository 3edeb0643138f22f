using EmrShare.Core;
using EmrShare.Core.Crypto;

namespace EmrShare.Fuzz.Tests.Infrastructure;

/// <summary>
/// Input classes that crash a component today (reported to its owner, see docs/threat-model.md § Fuzzing).
/// Targets skip exactly these inputs so CI stays green; when the bug is fixed, delete the predicate and its
/// uses and the targets cover the class again.
/// </summary>
public static class KnownFindings
{
    /// <summary>Ends a case that belongs to a known finding's input class; the runner counts it as excluded.</summary>
    public static void ExcludeIf(bool inKnownClass, string finding)
    {
        if (inKnownClass)
        {
            throw new KnownFindingException(finding);
        }
    }

    /// <summary>
    /// F1: <c>EthSignature.Recover</c> throws <see cref="NullReferenceException"/> (from Nethereum's
    /// ECKey.RecoverFromSignature) instead of <see cref="SignatureInvalidException"/> when r is in range but is
    /// not the x-coordinate of any secp256k1 point (about half of all random r values).
    /// </summary>
    public static bool SignatureRHasNoCurvePoint(ReadOnlySpan<byte> signature)
    {
        if (signature.Length != 65)
        {
            return false;
        }

        try
        {
            _ = Secp256k1.DecodePoint([0x02, .. signature[..32]]);
            return false;
        }
        catch (EnvelopeFormatException)
        {
            return true;
        }
    }
}

/// <summary>Thrown by <see cref="KnownFindings.ExcludeIf"/>; never escapes the runner.</summary>
public sealed class KnownFindingException : Exception
{
    public KnownFindingException()
    {
    }

    public KnownFindingException(string message)
        : base(message)
    {
    }

    public KnownFindingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
