using System.Security.Cryptography;
using EmrShare.Core.Crypto;

namespace EmrShare.Core.Identity;

/// <summary>
/// commitment = keccak256(manifestDigest ‖ salt). The 32-byte random salt stays off chain with the record, so
/// the on-chain value reveals nothing (not even a guessable manifest) until it is opened.
/// </summary>
public sealed record SaltedCommitment(Hash32 Commitment, Hash32 Salt)
{
    public static SaltedCommitment Create(Hash32 manifestDigest) =>
        FromSalt(manifestDigest, Hash32.FromBytes(RandomNumberGenerator.GetBytes(32)));

    public static SaltedCommitment FromSalt(Hash32 manifestDigest, Hash32 salt) =>
        new(Compute(manifestDigest, salt), salt);

    public static Hash32 Compute(Hash32 manifestDigest, Hash32 salt) =>
        Hash32.FromBytes(Keccak.Hash(manifestDigest.ToBytes(), salt.ToBytes()));

    /// <summary>Throws <see cref="CommitmentMismatchException"/> unless (digest, salt) opens <paramref name="anchored"/>.</summary>
    public static void EnsureOpens(Hash32 anchored, Hash32 manifestDigest, Hash32 salt)
    {
        if (Compute(manifestDigest, salt) != anchored)
        {
            throw new CommitmentMismatchException("manifest digest and salt do not open the anchored commitment");
        }
    }
}
