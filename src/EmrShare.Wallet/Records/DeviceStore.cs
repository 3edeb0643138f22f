using System.Security.Cryptography;
using System.Text;
using EmrShare.Core;
using EmrShare.Core.Crypto;
using EmrShare.Core.Envelope;
using Microsoft.JSInterop;

namespace EmrShare.Wallet.Records;

/// <summary>
/// Encrypted items in this browser's IndexedDB (wwwroot/js/device-store.js): the medical index and kept record copies.
/// Each item is sealed with Core's record envelope (AES-256-GCM) under a device-store key derived on the phone from
/// the unlocked master secret (HKDF-SHA256 over the index key) and bound to the item's name, so a swapped or edited
/// item fails its tag. Locked, nothing here can be read; the network never sees any of it.
/// </summary>
public sealed class DeviceStore(IJSRuntime js) : IAsyncDisposable
{
    private const string ItemType = "application/x-emrshare-device-item";
    private static readonly byte[] KeyInfo = Encoding.UTF8.GetBytes("emrshare-wallet-device-store/v1");
    private IJSObjectReference? _module;

    /// <summary>The device-store key for an unlocked wallet's index key (32 bytes); the caller zeroes it.</summary>
    public static byte[] DeriveKey(ReadOnlySpan<byte> indexPrivateKey) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, indexPrivateKey.ToArray(), DataKey.Size, [], KeyInfo);

    public async Task PutAsync(string name, ReadOnlyMemory<byte> plaintext, byte[] storeKey, CancellationToken cancellationToken)
    {
        using var key = DataKey.FromBytes(storeKey);
        var sealedItem = RecordCipher.Encrypt(plaintext.Span, Binding(name), key);
        var module = await ModuleAsync(cancellationToken).ConfigureAwait(true);
        await module.InvokeVoidAsync("put", cancellationToken, name, sealedItem).ConfigureAwait(true);
    }

    /// <summary>The item's plaintext, or null when there is none. A tampered item throws <see cref="RecordTamperedException"/>.</summary>
    public async Task<byte[]?> GetAsync(string name, byte[] storeKey, CancellationToken cancellationToken)
    {
        var module = await ModuleAsync(cancellationToken).ConfigureAwait(true);
        var sealedItem = await module.InvokeAsync<byte[]?>("get", cancellationToken, name).ConfigureAwait(true);
        if (sealedItem is null)
        {
            return null;
        }

        using var key = DataKey.FromBytes(storeKey);
        return RecordCipher.Decrypt(sealedItem, Binding(name), key);
    }

    public async Task RemoveAsync(string name, CancellationToken cancellationToken)
    {
        var module = await ModuleAsync(cancellationToken).ConfigureAwait(true);
        await module.InvokeVoidAsync("remove", cancellationToken, name).ConfigureAwait(true);
    }

    public async ValueTask DisposeAsync()
    {
        if (_module is not null)
        {
            await _module.DisposeAsync().ConfigureAwait(true);
        }
    }

    private static RecordBinding Binding(string name) => new(RecordId.FromBytes(SHA256.HashData(Encoding.UTF8.GetBytes(name))), 1, ItemType);

    private async Task<IJSObjectReference> ModuleAsync(CancellationToken cancellationToken) =>
        _module ??= await js.InvokeAsync<IJSObjectReference>("import", cancellationToken, "./js/device-store.js").ConfigureAwait(true);
}
