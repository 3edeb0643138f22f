using System.Security.Cryptography;
using System.Text;
using EmrShare.Core;
using EmrShare.Core.Crypto;
using EmrShare.Nodes.Patient;

namespace EmrShare.Nodes.Tests;

/// <summary>The wallet's medical index at rest: encrypted, authenticated, hash = what is anchored.</summary>
public sealed class MedicalIndexTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("emrshare-index-").FullName;

    [Fact]
    public async Task SaveThenLoad_SameKey_RoundTripsAndFileHidesContents()
    {
        var ct = TestContext.Current.CancellationToken;
        var (index, entry) = NewIndex();
        var key = MedicalIndex.DeriveKey(RandomNumberGenerator.GetBytes(32));
        var path = Path.Combine(_folder, "index.bin");

        var hash = await index.SaveAsync(path, key, ct);
        var loaded = await MedicalIndex.LoadAsync(path, key, ct);

        Assert.Equal(entry, Assert.Single(loaded.Entries));
        Assert.Equal(hash, await MedicalIndex.HashFileAsync(path, ct));
        var file = await File.ReadAllBytesAsync(path, ct);
        Assert.Equal(-1, file.AsSpan().IndexOf(Encoding.UTF8.GetBytes(entry.Cid)));
    }

    [Fact]
    public async Task Load_FlippedByteOrWrongKey_ThrowsRecordTampered()
    {
        var ct = TestContext.Current.CancellationToken;
        var (index, _) = NewIndex();
        var key = MedicalIndex.DeriveKey(RandomNumberGenerator.GetBytes(32));
        var path = Path.Combine(_folder, "index.bin");
        await index.SaveAsync(path, key, ct);

        await Assert.ThrowsAsync<RecordTamperedException>(() => MedicalIndex.LoadAsync(path, MedicalIndex.DeriveKey(RandomNumberGenerator.GetBytes(32)), ct));
        var file = await File.ReadAllBytesAsync(path, ct);
        file[20] ^= 0x80;
        await File.WriteAllBytesAsync(path, file, ct);
        await Assert.ThrowsAsync<RecordTamperedException>(() => MedicalIndex.LoadAsync(path, key, ct));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static (MedicalIndex Index, IndexEntry Entry) NewIndex()
    {
        var recordId = RecordId.New();
        using var dataKey = DataKey.Generate();
        var reader = PrivateKeys.FromScalar(Hospital.HospitalKeys.NewSigningKey());
        var entry = new IndexEntry(ChainAddress.Parse("0x70997970C51812dc3A010C7d01b50e0d17dc79C8"), recordId, 1, "application/fhir+json",
            "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy", Hash32.FromBytes(RandomNumberGenerator.GetBytes(32)),
            Hash32.FromBytes(RandomNumberGenerator.GetBytes(32)), Hash32.FromBytes(RandomNumberGenerator.GetBytes(32)),
            KeyWrapper.Wrap(dataKey, reader.PublicKeyCompressed(), recordId, 1));
        var index = MedicalIndex.Empty();
        index.Add(entry);
        return (index, entry);
    }
}
