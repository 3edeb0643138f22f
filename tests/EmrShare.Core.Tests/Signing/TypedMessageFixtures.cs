using System.Security.Cryptography;
using EmrShare.Core.Signing;

namespace EmrShare.Core.Tests.Signing;

internal static class TypedMessageFixtures
{
    public static readonly ChainAddress AccessControlAddress = ChainAddress.Parse("0x5FbDB2315678afecb367f032d93F642f64180aa3");
    public static readonly ChainAddress RecordsAddress = ChainAddress.Parse("0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512");
    public static readonly Eip712Domain AccessControl = Eip712Domain.AccessControl(31337, AccessControlAddress);
    public static readonly Eip712Domain Records = Eip712Domain.Records(31337, RecordsAddress);
    public static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    public static Hash32 Random32() => Hash32.FromBytes(RandomNumberGenerator.GetBytes(32));

    public static Grant Grant(Pseudonym patient, ulong? expiry = null) => new(
        patient,
        ChainAddress.Parse("0x70997970C51812dc3A010C7d01b50e0d17dc79C8"),
        Hash32.Zero,
        GrantPurpose.Referral,
        expiry ?? (ulong)Now.AddDays(30).ToUnixTimeSeconds(),
        Random32());

    public static RecordManifest Manifest(Pseudonym patient) => new(
        RecordId.New(), patient, 1, Hash32.Zero, Random32(), RecordManifest.HashCid("bafkreigh2akiscaildc"), Random32(),
        ChainAddress.Parse("0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC"));
}
