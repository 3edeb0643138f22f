using System.Security.Cryptography;
using EmrShare.Core;
using EmrShare.Core.Crypto;
using EmrShare.Core.Signing;
using EmrShare.Fhir.Codec;
using EmrShare.Nodes.Chain;
using EmrShare.Nodes.Patient;
using EmrShare.Nodes.Tests.Support;
using EmrShare.Nodes.Transport;
using EmrShare.TestSupport;
using Microsoft.Data.Sqlite;

namespace EmrShare.Nodes.Tests;

/// <summary>Every refusal is a typed exception and leaves nothing stored at the refusing node.</summary>
public sealed class RefusalTests(HardhatFixture chain) : IClassFixture<HardhatFixture>
{
    [Fact]
    public async Task RequestRecord_CiphertextTamperedInCustodianStore_ThrowsRecordTamperedAndStoresNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var net = await NodeNetwork.StartAsync(chain.Endpoint, ct);
        var (_, created) = await net.RecordAtAAsync(ct);
        var grant = await GrantToBAsync(net, created.RecordId, NodeNetwork.InAWeek, ct);

        await using (var db = new SqliteConnection($"Data Source={Path.Combine(net.Root, "hospital-A", "blobs.db")};Pooling=false"))
        {
            await db.OpenAsync(ct);
            var cid = Storage.Multiformats.Cid.Parse(created.Cid).Bytes.ToArray();
            await using var select = db.CreateCommand();
            select.CommandText = "SELECT data FROM blocks WHERE cid = $cid";
            select.Parameters.AddWithValue("$cid", cid);
            var data = (byte[])(await select.ExecuteScalarAsync(ct))!;
            data[^1] ^= 0x01;
            await using var update = db.CreateCommand();
            update.CommandText = "UPDATE blocks SET data = $data WHERE cid = $cid";
            update.Parameters.AddWithValue("$cid", cid);
            update.Parameters.AddWithValue("$data", data);
            Assert.Equal(1, await update.ExecuteNonQueryAsync(ct));
        }

        await Assert.ThrowsAsync<RecordTamperedException>(() => net.B.RequestRecordAsync(grant.GrantId, created.RecordId, ct));
        Assert.Equal(0, await net.ReceivedCountAsync(net.B, ct));
    }

    [Fact]
    public async Task RequestRecord_CustodianUnknownToDirectory_RefusedBeforeAnyTransaction()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var net = await NodeNetwork.StartAsync(chain.Endpoint, ct);
        var (_, created) = await net.RecordAtAAsync(ct);
        var grant = await GrantToBAsync(net, created.RecordId, NodeNetwork.InAWeek, ct);

        // B restarts with a directory that does not know A (e.g. `hospital request` without --peers).
        await net.B.DisposeAsync();
        var options = new Hospital.HospitalOptions(net.B.Name, Path.Combine(net.Root, "hospital-" + net.B.Name), net.B.Keys, net.Access, net.Center.Addresses, new HospitalDirectory());
        await using var lonely = await Hospital.HospitalService.OpenAsync(options, ct);
        var web3 = net.Access.Connect(lonely.Keys.AccountKeyHex);
        var before = await web3.Eth.Transactions.GetTransactionCount.SendRequestAsync(lonely.Address.ToString());

        await Assert.ThrowsAsync<UnknownEntityException>(() => lonely.RequestRecordAsync(grant.GrantId, created.RecordId, ct));
        Assert.Equal(before.Value, (await web3.Eth.Transactions.GetTransactionCount.SendRequestAsync(lonely.Address.ToString())).Value);
        Assert.Equal(0, await net.ReceivedCountAsync(lonely, ct));
    }

    [Fact]
    public async Task RequestRecord_ManifestSignedByUnregisteredKey_ThrowsRecordVerificationAndStoresNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var net = await NodeNetwork.StartAsync(chain.Endpoint, ct);
        var (_, created) = await net.RecordAtAAsync(ct);
        var grant = await GrantToBAsync(net, created.RecordId, NodeNetwork.InAWeek, ct);
        var forger = PrivateKeys.FromScalar(Hospital.HospitalKeys.NewSigningKey());
        var domain = Eip712Domain.Records((ulong)chain.Endpoint.ChainId, ChainAddress.Parse(net.Center.Addresses.Records));
        UseDishonestA(net, f => f with { ManifestSignature = Eip712.Sign(domain, f.Manifest, forger).Signature });

        await Assert.ThrowsAsync<RecordVerificationException>(() => net.B.RequestRecordAsync(grant.GrantId, created.RecordId, ct));
        Assert.Equal(0, await net.ReceivedCountAsync(net.B, ct));
    }

    [Fact]
    public async Task RequestRecord_ManifestAlteredSaltOrCidSubstituted_ThrowsRecordVerificationAndStoresNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var net = await NodeNetwork.StartAsync(chain.Endpoint, ct);
        var (_, created) = await net.RecordAtAAsync(ct);
        var grant = await GrantToBAsync(net, created.RecordId, NodeNetwork.InAWeek, ct);

        var fakeHash = Hash32.FromBytes(SHA256.HashData("other content"u8));
        UseDishonestA(net, f => f with { Manifest = f.Manifest with { ContentHash = fakeHash } });
        await Assert.ThrowsAsync<RecordVerificationException>(() => net.B.RequestRecordAsync(grant.GrantId, created.RecordId, ct));

        UseDishonestA(net, f => f with { Salt = Hash32.FromBytes(RandomNumberGenerator.GetBytes(32)) });
        await Assert.ThrowsAsync<RecordVerificationException>(() => net.B.RequestRecordAsync(grant.GrantId, created.RecordId, ct));

        // Substituted CID: a real blob in A's store, but not the one the signed manifest names.
        var other = await net.A.Store.PutAsync(new MemoryStream("other blob"u8.ToArray()), Storage.PutOptions.Default, ct);
        UseDishonestA(net, f => f with { Cid = other.ToString() });
        await Assert.ThrowsAsync<RecordVerificationException>(() => net.B.RequestRecordAsync(grant.GrantId, created.RecordId, ct));
        Assert.Equal(0, await net.ReceivedCountAsync(net.B, ct));
    }

    [Fact]
    public async Task SubmitGrant_GrantNamesAnotherHospital_ThrowsAccessDeniedAndNothingOnChain()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var net = await NodeNetwork.StartAsync(chain.Endpoint, ct);
        var (_, created) = await net.RecordAtAAsync(ct);
        var visitB = await net.VisitAsync(net.B, ct);

        await Assert.ThrowsAsync<AccessDeniedException>(() => net.Patient.GrantAsync(visitB, net.A.Address, [created.RecordId], NodeNetwork.InAWeek, ct, grantee: net.C.Address));
        var history = await net.Patient.GetAccessLogAsync(ct);
        Assert.DoesNotContain(history, h => h.Entry.Kind == EmrShare.Chain.PatientAuditKind.GrantCreated);
    }

    [Fact]
    public async Task RequestRecord_GrantExpiredOnChain_ThrowsAccessDeniedAndStoresNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var net = await NodeNetwork.StartAsync(chain.Endpoint, ct);
        var (_, created) = await net.RecordAtAAsync(ct);
        var grant = await GrantToBAsync(net, created.RecordId, DateTimeOffset.UtcNow.AddMinutes(10), ct);

        await ChainScanner.AdvanceTimeAsync(chain.Endpoint.RpcUrl, TimeSpan.FromHours(1), ct);

        await Assert.ThrowsAsync<AccessDeniedException>(() => net.B.RequestRecordAsync(grant.GrantId, created.RecordId, ct));
        Assert.Equal(0, await net.ReceivedCountAsync(net.B, ct));
    }

    [Fact]
    public async Task RequestRecord_AfterRevocation_ThrowsAccessDeniedAndStoresNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var net = await NodeNetwork.StartAsync(chain.Endpoint, ct);
        var (_, created) = await net.RecordAtAAsync(ct);
        var grant = await GrantToBAsync(net, created.RecordId, NodeNetwork.InAWeek, ct);
        await net.Patient.RevokeAsync(grant, net.Center, ct);

        await Assert.ThrowsAsync<AccessDeniedException>(() => net.B.RequestRecordAsync(grant.GrantId, created.RecordId, ct));
        Assert.Equal(0, await net.ReceivedCountAsync(net.B, ct));
    }

    [Fact]
    public async Task CreateRecord_InvalidFhir_ThrowsFhirValidationAndStoresNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var net = await NodeNetwork.StartAsync(chain.Endpoint, ct);
        var visit = await net.VisitAsync(net.A, ct);

        await Assert.ThrowsAsync<FhirValidationException>(() => net.A.CreateRecordAsync(visit.LocalPatientId, SampleRecords.InvalidObservation(), "application/fhir+json", net.A.Keys.PractitionerAddresses[0], ct));
        Assert.Empty(await net.A.Database.ListRecordsAsync(ct));
        Assert.Empty(await net.A.Store.ListPinsAsync(ct).ToListAsync(ct));
    }

    [Fact]
    public async Task CreateRecord_HospitalDeactivated_ThrowsAccessDeniedAndLeavesNoBlobOrRow()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var net = await NodeNetwork.StartAsync(chain.Endpoint, ct);
        var visit = await net.VisitAsync(net.A, ct);
        await net.Center.Chain.Registry.DeactivateHospitalAsync(net.A.Address.ToString(), ct);

        await Assert.ThrowsAsync<AccessDeniedException>(() => net.A.CreateRecordAsync(visit.LocalPatientId, SampleRecords.HbA1cBundle(), "application/fhir+json", net.A.Keys.PractitionerAddresses[0], ct));
        Assert.Empty(await net.A.Database.ListRecordsAsync(ct));
        Assert.Empty(await net.A.Store.ListPinsAsync(ct).ToListAsync(ct));
    }

    [Fact]
    public async Task BeginVisit_UnregisteredPatient_ThrowsNotRegistered()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var net = await NodeNetwork.StartAsync(chain.Endpoint, ct);
        using var stranger = await PatientWallet.OpenAsync(Path.Combine(net.Root, "stranger"), TestIdentities.Create([net.A.Address]),
            ChainAccess.ForRpc(chain.Endpoint.RpcUrl, chain.Endpoint.ChainId), net.Center.Addresses, TimeProvider.System, ct);

        await Assert.ThrowsAsync<NotRegisteredException>(() => stranger.BeginVisitAsync(net.EndpointOf(net.A), net.A.Address, ct));
        Assert.Equal(0, await net.A.Database.CountPatientsAsync(ct));
    }

    [Fact]
    public async Task BeginVisit_UnregisteredHospital_ThrowsNotRegistered()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var net = await NodeNetwork.StartAsync(chain.Endpoint, ct);
        var options = new Hospital.HospitalOptions("X", Path.Combine(net.Root, "hospital-X"), Hospital.HospitalKeys.Generate(chain.Endpoint.FundedPrivateKeys[4]),
            ChainAccess.ForRpc(chain.Endpoint.RpcUrl, chain.Endpoint.ChainId), net.Center.Addresses, net.Directory);
        await using var rogue = await Hospital.HospitalService.OpenAsync(options, ct);

        await Assert.ThrowsAsync<NotRegisteredException>(() => net.Patient.BeginVisitAsync(new InProcessHospitalEndpoint(rogue), rogue.Address, ct));
        Assert.Equal(0, await rogue.Database.CountPatientsAsync(ct));
    }

    [Fact]
    public async Task BeginVisit_ReplayedHandshakeInit_ThrowsHandshakeReplay()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var net = await NodeNetwork.StartAsync(chain.Endpoint, ct);
        using var patient = TestIdentities.Create([net.A.Address]);
        var pseudonymKey = patient.PseudonymKey(net.A.Address);
        await net.Center.RegisterPatientAsync(patient.IdentityCommitment(Hash32.Zero), [pseudonymKey.Address()], patient.IndexKey().Address(), 0m, ct);
        var init = Core.Handshake.HandshakeInitiator.Start(pseudonymKey, net.A.Address, (ulong)chain.Endpoint.ChainId, TimeProvider.System).Init;
        var endpoint = net.EndpointOf(net.A);
        await endpoint.BeginVisitAsync(init, ct);

        await Assert.ThrowsAsync<Core.HandshakeReplayException>(() => endpoint.BeginVisitAsync(init, ct));
    }

    private static async Task<GrantAccepted> GrantToBAsync(NodeNetwork net, RecordId record, DateTimeOffset expiry, CancellationToken ct)
    {
        var visitB = await net.VisitAsync(net.B, ct);
        return await net.Patient.GrantAsync(visitB, net.A.Address, [record], expiry, ct);
    }

    private static void UseDishonestA(NodeNetwork net, Func<Fulfilment, Fulfilment> tamper) =>
        net.Directory.Add(new HospitalContact(net.A.Address, new TamperingEndpoint(new InProcessHospitalEndpoint(net.A), tamper), net.A.Store));
}
