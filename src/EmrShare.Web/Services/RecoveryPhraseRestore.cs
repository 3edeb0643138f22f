using EmrShare.Core;
using EmrShare.Core.Crypto;
using EmrShare.Core.Identity;

namespace EmrShare.Web.Services;

/// <summary>What a recovery phrase restores: the index account and the pseudonym at each hospital asked about.</summary>
public sealed record RestoredIdentity(ChainAddress IndexAccount, IReadOnlyList<(ChainAddress Hospital, ChainAddress Pseudonym)> Pseudonyms);

/// <summary>
/// The restore path of the server-side wallet, through Core's <see cref="RecoveryPhrase"/> and
/// <see cref="PatientIdentity"/> (the same code the phone wallet and the known-answer vectors use): phrase → master
/// secret → index account and pseudonyms. The secret lives only inside this call.
/// </summary>
public static class RecoveryPhraseRestore
{
    /// <exception cref="RecoveryPhraseException">Wrong word count, a word not on the list, or a failed checksum.</exception>
    public static RestoredIdentity Derive(string phrase, IEnumerable<ChainAddress> hospitals)
    {
        ArgumentNullException.ThrowIfNull(hospitals);
        var secret = RecoveryPhrase.Decode(phrase);
        try
        {
            using var identity = PatientIdentity.FromMasterSecret(secret);
            return new RestoredIdentity(identity.IndexKey().Address(), [.. hospitals.Select(h => (h, identity.PseudonymAt(h).Address))]);
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(secret);
        }
    }
}
