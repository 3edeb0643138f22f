using System.Globalization;
using System.Text;

namespace EmrShare.Storage.Api.Access;

/// <summary>
/// The one definition of a signed peer read, shared by the signing client and the authorizing store. The signature
/// covers the store's host, method, path with query and a timestamp, so it cannot be replayed against another store,
/// another CID or after <see cref="MaxClockSkew"/>. Peer reads carry no body, so there is none to cover.
/// </summary>
public static class PeerRequestSignature
{
    public const string AccountHeader = "X-EmrShare-Peer";
    public const string TimestampHeader = "X-EmrShare-Timestamp";
    public const string SignatureHeader = "X-EmrShare-Signature";

    /// <summary>How far a request's timestamp may be from the store's clock.</summary>
    public static TimeSpan MaxClockSkew { get; } = TimeSpan.FromSeconds(60);

    public static byte[] Payload(string host, string method, string pathAndQuery, long unixSeconds) =>
        Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"emrshare-store-read/v1\n{host}\n{method.ToUpperInvariant()}\n{pathAndQuery}\n{unixSeconds}"));
}

/// <summary>Client side of <see cref="PeerRequestSignature"/>: the node signs each read with its registered key.</summary>
public interface IPeerRequestSigner
{
    /// <summary>The account the store checks against the Registry, and the hex signature over <paramref name="payload"/>.</summary>
    (string Account, string Signature) Sign(byte[] payload);
}
