using EmrShare.Adversarial.Tests.Support;
using EmrShare.Core;
using EmrShare.Core.Crypto;
using EmrShare.Core.Envelope;
using EmrShare.Nodes.Tests.Support;
using EmrShare.Nodes.Transport;

namespace EmrShare.Adversarial.Tests;

/// <summary>
/// An outsider with the whole chain, every blob store's contents and the hospital-to-hospital traffic it
/// intercepted: it can open no record, and chain data does not tie the patient's pseudonyms together.
/// </summary>
[Collection(AdversarialCollection.Name)]
public sealed class OutsiderTests(AdversarialLedger ledger)
{
    [Fact]
    public async Task Outsider_WithChainStoresAndInterceptedTraffic_CannotDecryptAnyRecord()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var net = await NodeNetwork.StartAsync(ledger.Access, AdversarialLedger.Keys, ct);
        var tap = new InterceptingEndpoint(new InProcessHospitalEndpoint(net.A));
        net.Directory.Add(new HospitalContact(net.A.Address, tap, net.A.Store));
        var (_, created) = await net.RecordAtAAsync(ct);
        var grant = await Attack.GrantToBAsync(net, [], ct);
        await net.B.RequestRecordAsync(grant.GrantId, created.RecordId, ct);
        var amended = await net.B.AmendAsync(created.RecordId, SampleRecords.HbA1cBundle(7.9m), "application/fhir+json", net.B.Keys.PractitionerAddresses[0], ct);

        // What the outsider holds: every blob of every store, every key wrapped in intercepted deliveries, every
        // 32-byte word of the chain (as a candidate data key or private key), and every publicly known key.
        var blobs = new List<byte[]>();
        foreach (var hospital in new[] { net.A, net.B, net.C })
        {
            await foreach (var cid in hospital.Store.ListPinsAsync(ct))
            {
                blobs.Add(await ReadAllAsync(hospital.Store, cid.ToString(), ct));
            }
        }

        var deliveries = tap.Deliveries.Select(d => d.Fulfilment).OfType<Fulfilment>().ToList();
        Assert.NotEmpty(deliveries);
        var wrapped = deliveries.SelectMany(d => d.ManifestKeys.Append(d.KeyForGrantee)).ToList();
        var chain = await ChainObservation.ReadAsync(ledger.RpcUrl, ct);
        var chainWords = chain.Items.SelectMany(i => i.Words).Where(w => !w.StartsWith(new string('0', 24), StringComparison.Ordinal)).Distinct(StringComparer.Ordinal).Take(3_000).ToList();
        Assert.True(chainWords.Count > 50, "the outsider's chain view is suspiciously small");
        var keys = Outsider.KeysAnOutsiderHolds().Concat(chainWords.Take(300).Select(AsPrivateKey).OfType<Nethereum.Signer.EthECKey>()).ToList();

        Assert.True(blobs.Count >= 3);
        foreach (var blob in blobs)
        {
            foreach (var secret in new[] { SampleRecords.PatientName, SampleRecords.PatientIdentifier, "Quellenberg" })
            {
                Assert.DoesNotContain(secret, System.Text.Encoding.UTF8.GetString(blob), StringComparison.Ordinal);
            }
        }

        // Unwrapping any intercepted key with any key the outsider has fails with a typed error.
        foreach (var key in keys)
        {
            foreach (var w in wrapped)
            {
                Assert.ThrowsAny<EmrShareSecurityException>(() => KeyWrapper.Unwrap(w, key, created.RecordId, 1).Dispose());
            }
        }

        // Decrypting the record's envelopes (v1 by A, v2 by B) with every chain word as the data key fails too.
        foreach (var (version, cid) in new[] { (1u, created.Cid), (2u, amended.Cid) })
        {
            var envelope = await ReadAllAsync(version == 1 ? net.A.Store : net.B.Store, cid, ct);
            var binding = new RecordBinding(created.RecordId, version, "application/fhir+json");
            foreach (var word in chainWords)
            {
                using var guess = DataKey.FromBytes(Convert.FromHexString(word));
                Assert.ThrowsAny<EmrShareSecurityException>(() => { _ = RecordCipher.Decrypt(envelope, binding, guess); });
            }
        }
    }

    [Fact]
    public async Task ChainObserver_PatientsPseudonymsAndIndexAccount_ShareNoValueBeyondAdmittedRegistration()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var net = await NodeNetwork.StartAsync(ledger.Access, AdversarialLedger.Keys, ct);
        await RunTwoWayShareAsync(net, ct);
        var chain = await ChainObservation.ReadAsync(ledger.RpcUrl, ct);
        var identities = Identities(net);
        var publicValues = PublicValues(net);

        // Positive control: counting the registration transaction the same analysis does tie them together.
        Assert.NotEmpty(Linkage.Shared(chain, identities[0], identities[1], publicValues, _ => false));

        // Admitted by docs/threat-model.md §4.4: registration metadata (the Center's Registry transactions).
        bool Registration(ChainItem item) => item.To == net.Center.Addresses.Registry.ToLowerInvariant() || item.TransactionHash == RegistrationTx(chain, net);
        for (var i = 0; i < identities.Count; i++)
        {
            for (var j = i + 1; j < identities.Count; j++)
            {
                var shared = Linkage.Shared(chain, identities[i], identities[j], publicValues, Registration);
                Assert.True(shared.Count == 0, $"{identities[i]} and {identities[j]} share {string.Join(", ", shared)}");
            }
        }
    }

    [Fact]
    public async Task ChainObserver_PatientsQueuedOneAtATime_CannotPairOnePatientsPseudonyms()
    {
        // As the Center's API and CLI do: each patient arrives alone and is queued; only the k-th enqueue runs the round.
        const int k = 3;
        var ct = TestContext.Current.CancellationToken;
        await using var net = await NodeNetwork.StartAsync(ledger.Access, AdversarialLedger.Keys, ct);
        var folder = Directory.CreateTempSubdirectory("emrshare-enrol-").FullName;
        var patients = Enumerable.Range(0, k).Select(_ => Core.Identity.PatientIdentity.Create()).ToList();
        try
        {
            using var queue = await Nodes.Center.EnrolmentQueue.OpenAsync(folder, net.Center, new Nodes.Center.EnrolmentPolicy(k, 0.01m), TimeProvider.System, ct);
            var tickets = new List<Nodes.Center.EnrolmentTicket>();
            foreach (var p in patients)
            {
                tickets.Add(await queue.EnqueueAsync(Nodes.Deployment.PatientRegistrationRequest.Prove(p, [net.A.Address, net.B.Address],
                    Hash32.FromBytes(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)), (ulong)net.Center.ChainAccessUsed.ChainId,
                    ChainAddress.Parse(net.Center.Addresses.Registry), TimeProvider.System), ct));
            }

            Assert.Equal(k, tickets[^1].Round?.Patients);
            Assert.Equal(k, tickets.Count(t => t.Round is null) + 1);
            var chain = await ChainObservation.ReadAsync(ledger.RpcUrl, ct);
            var publicValues = PublicValues(net);
            string AtA(int i) => patients[i].PseudonymAt(net.A.Address).Address.ToString();
            string AtB(int i) => patients[i].PseudonymAt(net.B.Address).Address.ToString();
            string Index(int i) => patients[i].IndexKey().Address().ToString();

            // Whatever ties a patient's pseudonym at A to its own pseudonym at B or index account ties it equally to
            // every other queued patient's: the one-at-a-time arrivals left no trace, the observer guesses 1 in k.
            for (var i = 0; i < k; i++)
            {
                var own = Linkage.Shared(chain, AtA(i), AtB(i), publicValues, _ => false);
                var ownIndex = Linkage.Shared(chain, AtA(i), Index(i), publicValues, _ => false);
                Assert.NotEmpty(own); // positive control: the round's batch transaction is seen
                for (var j = 0; j < k; j++)
                {
                    if (j != i)
                    {
                        Assert.Equal(own.Order(), Linkage.Shared(chain, AtA(i), AtB(j), publicValues, _ => false).Order());
                        Assert.Equal(ownIndex.Order(), Linkage.Shared(chain, AtA(i), Index(j), publicValues, _ => false).Order());
                    }
                }
            }
        }
        finally
        {
            patients.ForEach(p => p.Dispose());
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task ChainObserver_EnrolmentRound_SamePatientPairsLookLikeCrossPatientPairs()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var net = await NodeNetwork.StartAsync(ledger.Access, AdversarialLedger.Keys, ct);
        var patients = Enumerable.Range(0, 3).Select(_ => Core.Identity.PatientIdentity.Create()).ToList();
        try
        {
            var round = patients.Select(p => new Nodes.Deployment.PatientRegistrationRequest(
                p.IdentityCommitment(Hash32.FromBytes(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32))),
                [p.PseudonymAt(net.A.Address).Address, p.PseudonymAt(net.B.Address).Address], p.IndexKey().Address())).ToList();
            await net.Center.RegisterPatientsAsync(round, 0.01m, ct);
            var chain = await ChainObservation.ReadAsync(ledger.RpcUrl, ct);
            var publicValues = PublicValues(net);
            string AtA(int i) => patients[i].PseudonymAt(net.A.Address).Address.ToString();
            string AtB(int i) => patients[i].PseudonymAt(net.B.Address).Address.ToString();
            string Index(int i) => patients[i].IndexKey().Address().ToString();

            // Whatever ties a patient's pseudonym at A to its own pseudonym at B or index account (the shared round
            // batch) ties it equally to every other patient's of the round: the observer can only guess, 1 in 3.
            for (var i = 0; i < patients.Count; i++)
            {
                var own = Linkage.Shared(chain, AtA(i), AtB(i), publicValues, _ => false);
                var ownIndex = Linkage.Shared(chain, AtA(i), Index(i), publicValues, _ => false);
                Assert.NotEmpty(own); // positive control: the round's batch transaction is seen
                for (var j = 0; j < patients.Count; j++)
                {
                    if (j != i)
                    {
                        Assert.Equal(own.Order(), Linkage.Shared(chain, AtA(i), AtB(j), publicValues, _ => false).Order());
                        Assert.Equal(ownIndex.Order(), Linkage.Shared(chain, AtA(i), Index(j), publicValues, _ => false).Order());
                    }
                }
            }
        }
        finally
        {
            patients.ForEach(p => p.Dispose());
        }
    }

    [Fact]
    public async Task ChainWidePhiScan_AfterAdversarialRun_FindsNoPhiCidOrLocalId()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var net = await NodeNetwork.StartAsync(ledger.Access, AdversarialLedger.Keys, ct);
        var (visitA, created) = await net.RecordAtAAsync(ct);
        var grant = await Attack.GrantToBAsync(net, [created.RecordId], ct);
        var received = await net.B.RequestRecordAsync(grant.GrantId, created.RecordId, ct);

        // A few refused attacks leave their own transactions (reverts included) on the same chain.
        using var attacker = await Attack.RegisterOwnPatientAsync(net, ct);
        var forged = RogueVisit.SignGrant(Attack.AccessDomain(net), attacker.PseudonymKey(net.A.Address), net.Patient.PseudonymAt(net.A.Address), net.C.Address, [created.RecordId], NodeNetwork.InAWeek);
        await Assert.ThrowsAsync<Chain.ContractRevertedException>(() => Attack.RawChain(ledger, net, 3).AccessControl.SubmitGrantAsync(Nodes.Chain.ChainMapping.ToSignedGrant(forged), ct));
        await Assert.ThrowsAsync<Nodes.AccessDeniedException>(() => net.B.RequestRecordAsync(grant.GrantId, RecordId.New(), ct));
        await net.Patient.RevokeAsync(grant, net.Center, ct);

        // The whole shared chain: this test's actors and every other adversarial test's so far.
        var dump = await ChainScanner.DumpAsync(ledger.RpcUrl, ct);
        Assert.Contains(created.RecordId.ToString()[2..], dump, StringComparison.Ordinal); // positive control
        string[] secrets = [SampleRecords.PatientName, "Quellenberg", "Johanna", SampleRecords.PatientIdentifier, SampleRecords.DiagnosisCode, SampleRecords.LoincCode, "1961-04-12", created.Cid, received.Cid, visitA.LocalPatientId];
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret.ToLowerInvariant(), dump, StringComparison.Ordinal);
            Assert.DoesNotContain(ChainScanner.Hex(secret), dump, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(Convert.ToHexStringLower(Storage.Multiformats.Cid.Parse(created.Cid).Bytes), dump, StringComparison.Ordinal);
    }

    /// <summary>A chain word as a secp256k1 private key, or null when it is not a valid scalar.</summary>
    private static Nethereum.Signer.EthECKey? AsPrivateKey(string word)
    {
        try
        {
            return PrivateKeys.FromScalar(Convert.FromHexString(word));
        }
        catch (EnvelopeFormatException)
        {
            return null;
        }
    }

    private static async Task<byte[]> ReadAllAsync(Storage.IBlobStore store, string cid, CancellationToken ct)
    {
        await using var stream = await store.OpenReadAsync(Storage.Multiformats.Cid.Parse(cid), ct);
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, ct);
        return buffer.ToArray();
    }

    /// <summary>Patient with records at A and B; each hospital receives the other's record under a grant; one grant revoked.</summary>
    private static async Task RunTwoWayShareAsync(NodeNetwork net, CancellationToken ct)
    {
        var (_, atA) = await net.RecordAtAAsync(ct);
        using var visitB = await net.VisitAsync(net.B, ct);
        var atB = await net.B.CreateRecordAsync(visitB.LocalPatientId, SampleRecords.HbA1cBundle(6.8m), "application/fhir+json", net.B.Keys.PractitionerAddresses[0], ct);
        await net.Patient.CollectRecordsAsync(visitB, ct);
        var toB = await net.Patient.GrantAsync(visitB, net.A.Address, [atA.RecordId], NodeNetwork.InAWeek, ct);
        using var visitA = await net.VisitAsync(net.A, ct);
        var toA = await net.Patient.GrantAsync(visitA, net.B.Address, [atB.RecordId], NodeNetwork.InAWeek, ct);
        await net.B.RequestRecordAsync(toB.GrantId, atA.RecordId, ct);
        await net.A.RequestRecordAsync(toA.GrantId, atB.RecordId, ct);
        await net.Patient.RevokeAsync(toB, net.Center, ct);
    }

    private static List<string> Identities(NodeNetwork net) =>
    [
        net.Patient.PseudonymAt(net.A.Address).Address.ToString(),
        net.Patient.PseudonymAt(net.B.Address).Address.ToString(),
        net.Patient.PseudonymAt(net.C.Address).Address.ToString(),
        net.Patient.IndexAccount.ToString(),
    ];

    private static HashSet<string> PublicValues(NodeNetwork net)
    {
        var a = net.Center.Addresses;
        return [.. new[] { a.Registry, a.Records, a.Index, a.AccessControl, net.Center.Address.ToString(), net.A.Address.ToString(), net.B.Address.ToString(), net.C.Address.ToString() }.Select(Linkage.Word)];
    }

    /// <summary>The Center's registerPseudonyms transaction for this network's patient (the one naming its pseudonym at A).</summary>
    private static string? RegistrationTx(ChainObservation chain, NodeNetwork net) =>
        chain.Mentioning(net.Patient.PseudonymAt(net.A.Address).Address.ToString())
            .FirstOrDefault(i => i.Kind == "tx" && i.From == net.Center.Address.ToString().ToLowerInvariant())?.TransactionHash;
}
