using System.Security.Cryptography;
using System.Text;
using EmrShare.Core;
using EmrShare.Core.Identity;
using EmrShare.Nodes.Patient;
using EmrShare.Nodes.Tests.Support;

namespace EmrShare.Nodes.Tests;

/// <summary>The wallet remembers the grants it gave, encrypted on disk, so a restarted wallet can still revoke them.</summary>
public sealed class GivenGrantsTests(EmbeddedLedgerFixture ledger) : IClassFixture<EmbeddedLedgerFixture>
{
    [Fact]
    public async Task Revoke_AfterWalletRestart_FindsGrantOnDiskAndChainDeniesAccess()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var net = await NodeNetwork.StartAsync(ledger.Access, EmbeddedLedgerFixture.Keys, ct);
        var (_, created) = await net.RecordAtAAsync(ct);
        var grant = await net.Patient.GrantAsync(await net.VisitAsync(net.B, ct), net.A.Address, [created.RecordId], NodeNetwork.InAWeek, ct);
        var given = Assert.Single(net.Patient.Given.All);
        Assert.Equal(grant.GrantId, given.Grant.GrantId);
        Assert.Equal([created.RecordId], given.Records);
        Assert.False(given.Revoked);

        // A second wallet instance on the same folder and secret (a restart) sees the grant and revokes it.
        var folder = Path.Combine(net.Root, "patient");
        using var reopened = await PatientWallet.OpenAsync(folder, PatientIdentity.FromMasterSecret(MasterSecretOf(net)), net.Access, net.Center.Addresses, TimeProvider.System, ct);
        var onDisk = reopened.Given.Find(grant.GrantId);
        var receipt = await reopened.RevokeAsync(onDisk.Grant, net.Center, ct);

        Assert.Equal(receipt.TransactionHash, reopened.Given.Find(grant.GrantId).RevokedTransaction);
        await Assert.ThrowsAsync<AccessDeniedException>(() => net.B.RequestRecordAsync(grant.GrantId, created.RecordId, ct));
        var file = await File.ReadAllBytesAsync(Path.Combine(folder, "grants.bin"), ct);
        Assert.Equal(-1, file.AsSpan().IndexOf(Encoding.ASCII.GetBytes(net.B.Address.ToString()[2..].ToLowerInvariant())));
        Assert.Equal(-1, file.AsSpan().IndexOf(Encoding.ASCII.GetBytes(net.B.Address.ToString()[2..])));
    }

    [Fact]
    public async Task Open_TamperedGrantsFile_ThrowsRecordTampered()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var net = await NodeNetwork.StartAsync(ledger.Access, EmbeddedLedgerFixture.Keys, ct);
        var (_, created) = await net.RecordAtAAsync(ct);
        await net.Patient.GrantAsync(await net.VisitAsync(net.B, ct), net.A.Address, [created.RecordId], NodeNetwork.InAWeek, ct);
        var path = Path.Combine(net.Root, "patient", "grants.bin");
        var file = await File.ReadAllBytesAsync(path, ct);
        file[^20] ^= 0x01;
        await File.WriteAllBytesAsync(path, file, ct);

        var key = GivenGrants.DeriveKey(MasterSecretOf(net));
        await Assert.ThrowsAsync<RecordTamperedException>(() => GivenGrants.OpenAsync(path, key, ct));
        await Assert.ThrowsAsync<RecordTamperedException>(() => GivenGrants.OpenAsync(path, GivenGrants.DeriveKey(RandomNumberGenerator.GetBytes(32)), ct));
    }

    [Fact]
    public async Task Find_GrantNeverGiven_ThrowsUnknownEntity()
    {
        var ct = TestContext.Current.CancellationToken;
        var path = Path.Combine(Directory.CreateTempSubdirectory("emrshare-grants-").FullName, "grants.bin");
        var grants = await GivenGrants.OpenAsync(path, GivenGrants.DeriveKey(RandomNumberGenerator.GetBytes(32)), ct);

        Assert.Empty(grants.All);
        Assert.Throws<UnknownEntityException>(() => grants.Find(Hash32.FromBytes(RandomNumberGenerator.GetBytes(32))));
    }

    private static byte[] MasterSecretOf(NodeNetwork net) => net.PatientMasterSecret;
}
