using EmrShare.Core.Errors;

namespace EmrShare.Core.Signing;

/// <summary>A practitioner as the Registry lists them: the hospital they work for, and whether both are active.</summary>
public sealed record PractitionerStanding(ChainAddress Hospital, bool Active);

/// <summary>The Registry's practitioner list, as whoever checks a manifest reads it (a node's chain client, the phone's /rpc).</summary>
public interface IPractitionerRegistry
{
    /// <summary>The practitioner's standing, or null when the address is not a registered practitioner at all.</summary>
    Task<PractitionerStanding?> FindPractitionerAsync(ChainAddress practitioner, CancellationToken cancellationToken);
}

/// <summary>A record manifest was not signed by an active practitioner of its custodian hospital.</summary>
[ErrorKind(ErrorKind.Tampered)]
public class ManifestNotAuthorisedException : EmrShareSecurityException
{
    public ManifestNotAuthorisedException() { }
    public ManifestNotAuthorisedException(string message) : base(message) { }
    public ManifestNotAuthorisedException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>
/// Who may sign a record manifest: a practitioner the Registry lists as active at the manifest's custodian. One check,
/// used by a grantee hospital importing a copy, by the server wallet collecting its records, and by the phone wallet
/// (browser-wasm), so a record signed by any other key is refused the same way everywhere.
/// </summary>
public static class ManifestAuthority
{
    /// <summary>Recovers the signer of <paramref name="manifestDigest"/> and checks it against the Registry; returns the practitioner.</summary>
    public static async Task<ChainAddress> EnsureSignedByPractitionerOfAsync(
        IPractitionerRegistry registry, EthSignature signature, Hash32 manifestDigest, ChainAddress custodian, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ChainAddress signer;
        try
        {
            signer = signature.Recover(manifestDigest.ToBytes());
        }
        catch (SignatureInvalidException ex)
        {
            throw new ManifestNotAuthorisedException("the manifest signature is malformed", ex);
        }

        var standing = await registry.FindPractitionerAsync(signer, cancellationToken).ConfigureAwait(false)
            ?? throw new ManifestNotAuthorisedException("the manifest was signed by a key that is not a registered practitioner");
        if (!standing.Active || standing.Hospital != custodian)
        {
            throw new ManifestNotAuthorisedException("the manifest was not signed by an active practitioner of the custodian");
        }

        return signer;
    }
}
