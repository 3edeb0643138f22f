using Microsoft.JSInterop;

namespace EmrShare.Wallet.Vault;

/// <summary>What the stored vault says about itself (no secret part).</summary>
public sealed record VaultInfo(string Kdf, int Iterations, string CreatedAt);

/// <summary>
/// The master secret at rest: sealed under the passphrase in this browser's IndexedDB by wwwroot/js/vault.js
/// (PBKDF2-HMAC-SHA256 through WebCrypto, then AES-256-GCM). Nothing is sent anywhere. docs/wallet.md gives the
/// choice of KDF and its cost on a phone.
/// </summary>
public sealed class WalletVault(IJSRuntime js) : IAsyncDisposable
{
    /// <summary>PBKDF2-HMAC-SHA256 iterations: OWASP's current figure for this KDF (docs/wallet.md).</summary>
    public const int Iterations = 600_000;

    /// <summary>Shortest passphrase accepted; the KDF slows guessing, it cannot make a short passphrase strong.</summary>
    public const int MinimumPassphraseLength = 10;

    private IJSObjectReference? _module;

    /// <summary>Seals and stores the secret, replacing any stored one; returns the key-derivation time in ms.</summary>
    public async Task<int> SealAsync(string passphrase, byte[] masterSecret, CancellationToken cancellationToken)
    {
        CheckPassphrase(passphrase);
        var module = await ModuleAsync(cancellationToken).ConfigureAwait(true);
        return await module.InvokeAsync<int>("seal", cancellationToken, passphrase, masterSecret, Iterations).ConfigureAwait(true);
    }

    public async Task<VaultInfo?> DescribeAsync(CancellationToken cancellationToken)
    {
        var module = await ModuleAsync(cancellationToken).ConfigureAwait(true);
        return await module.InvokeAsync<VaultInfo?>("describe", cancellationToken).ConfigureAwait(true);
    }

    /// <summary>The master secret, or null for a wrong passphrase (or no vault).</summary>
    public async Task<byte[]?> OpenAsync(string passphrase, CancellationToken cancellationToken)
    {
        var module = await ModuleAsync(cancellationToken).ConfigureAwait(true);
        return await module.InvokeAsync<byte[]?>("open", cancellationToken, passphrase).ConfigureAwait(true);
    }

    public async Task ForgetAsync(CancellationToken cancellationToken)
    {
        var module = await ModuleAsync(cancellationToken).ConfigureAwait(true);
        await module.InvokeVoidAsync("forget", cancellationToken).ConfigureAwait(true);
    }

    public static void CheckPassphrase(string passphrase)
    {
        if (string.IsNullOrEmpty(passphrase) || passphrase.Length < MinimumPassphraseLength)
        {
            throw new ArgumentException($"the passphrase needs at least {MinimumPassphraseLength} characters", nameof(passphrase));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_module is not null)
        {
            await _module.DisposeAsync().ConfigureAwait(true);
        }
    }

    private async Task<IJSObjectReference> ModuleAsync(CancellationToken cancellationToken) =>
        _module ??= await js.InvokeAsync<IJSObjectReference>("import", cancellationToken, "./js/vault.js").ConfigureAwait(true);
}
