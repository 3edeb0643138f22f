using EmrShare.Core;
using EmrShare.Nodes.Hospital;

namespace EmrShare.Nodes.Deployment;

/// <summary>
/// The public half of a hospital's identity (<c>hospital.json</c>): what the Center needs to register it and its
/// practitioners. No private key, nothing about patients.
/// </summary>
public sealed record HospitalInfo(string Name, string Address, string EncryptionPublicKey, IReadOnlyList<string> Practitioners)
{
    public const string FileName = "hospital.json";

    public static HospitalInfo Of(string name, HospitalKeys keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        return new HospitalInfo(name, keys.Address.ToString(), HexBytes.ToHex(keys.EncryptionPublicKey), keys.PractitionerAddresses.Select(a => a.ToString()).ToList());
    }

    public static Task<HospitalInfo> LoadAsync(string path, CancellationToken cancellationToken) =>
        JsonFiles.ReadAsync<HospitalInfo>(path, "hospital info", cancellationToken);

    public Task SaveAsync(string path, CancellationToken cancellationToken) => JsonFiles.WriteAsync(path, this, cancellationToken);
}
