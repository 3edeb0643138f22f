using System.Globalization;
using EmrShare.Nodes.Tests.Support;
using EmrShare.TestSupport;
using EmrShare.TestSupport.Hosts;

namespace EmrShare.Nodes.Tests.Processes;

/// <summary>What the multi-process scenario produced, for the tests' extra checks.</summary>
internal sealed record ScenarioOutcome(Uri Rpc, string HospitalA, string HospitalB, string EndpointB, string LocalIdAtA, string RecordId, string GrantId, ManagedProcess ServerA);

/// <summary>
/// The sharing workflow with every actor a separate <c>emrshare</c> process in its own folder: Center one-shots,
/// hospitals A and B as <c>hospital serve</c> servers plus one-shots on the same folders, the patient's wallet
/// as one-shots. They share only the chain (JSON-RPC), the hospitals' HTTP endpoints and store APIs, and files
/// an operator would hand over (hospital.json, the registration request, the signed revocation).
/// With <paramref name="ipfs"/> both hospitals keep their envelopes in that IPFS node (<c>--ipfs</c>) instead of
/// their embedded stores, and the peers file lists it as both hospitals' store.
/// </summary>
internal sealed class ProcessScenario(ActorWorkspace ws, CancellationToken ct, Uri? ipfs = null)
{
    private string Deployment => Path.Combine(ws.Folder("center"), "deployment.json");

    /// <summary>Runs the scenario on a chain the Center already deployed to (<c>center init</c> done).</summary>
    /// <param name="rpc">The chain's JSON-RPC URL, for the no-PHI scan.</param>
    /// <param name="hospitalAccountKeys">Funded account keys for A and B (external chain), or null to have the Center fund fresh keys.</param>
    public async Task<ScenarioOutcome> RunAsync(Uri rpc, IReadOnlyList<string>? hospitalAccountKeys)
    {
        var a = await InitHospitalAsync("A", hospitalAccountKeys?[0]);
        var b = await InitHospitalAsync("B", hospitalAccountKeys?[1]);
        foreach (var (name, address) in new[] { ("A", a), ("B", b) })
        {
            var registered = (await CenterAsync("register-hospital", "--info", Path.Combine(ws.Folder("hospital-" + name), "hospital.json"))).EnsureOk();
            Assert.Equal(2, registered.Fields("tx").Count());
            if (hospitalAccountKeys is null)
            {
                (await CenterAsync("fund", "--address", address, "--ether", "5")).EnsureOk();
            }
        }

        // Ports picked up front so the peers file (what an operator distributes) exists before the servers start.
        var ports = Enumerable.Range(0, 4).Select(_ => FreePort.Next().ToString(CultureInfo.InvariantCulture)).ToArray();
        var endpointA = $"http://127.0.0.1:{ports[0]}/";
        var endpointB = $"http://127.0.0.1:{ports[2]}/";
        var peers = ws.PathOf("peers.json");
        await File.WriteAllTextAsync(peers, $$"""
            {"hospitals":[{"address":"{{a}}","endpoint":"{{endpointA}}","store":"{{ipfs?.ToString() ?? $"http://127.0.0.1:{ports[1]}/"}}"},
                          {"address":"{{b}}","endpoint":"{{endpointB}}","store":"{{ipfs?.ToString() ?? $"http://127.0.0.1:{ports[3]}/"}}"}]}
            """, ct);
        var serverA = await ws.ServeAsync("hospital", "hospital-A", ["--deployment", Deployment, "--port", ports[0], .. StoreOptions(ports[1]), "--peers", peers], ct);
        await ws.ServeAsync("hospital", "hospital-B", ["--deployment", Deployment, "--port", ports[2], .. StoreOptions(ports[3]), "--peers", peers], ct);

        (await PatientAsync("init", "--scrypt-n", ActorWorkspace.TestScryptN)).EnsureOk();
        var request = ws.PathOf("registration-request.json");
        (await PatientAsync("enrol", "--hospitals", $"{a},{b}", "--out", request)).EnsureOk();
        // The Center queues the patient (a round of one would link its pseudonyms on chain); a second process finds it
        // in the queue file and forces the round below k, with a warning.
        var queued = (await CenterAsync("register-patient", "--request", request)).EnsureOk();
        Assert.Equal("1 of 16 pending", queued.Field("queued"));
        Assert.Empty(queued.Fields("tx"));
        var forced = (await CenterAsync("register-patient", "--now")).EnsureOk();
        Assert.Equal(3, forced.Fields("tx").Count());
        Assert.Contains("below k = 16", forced.Field("warning"), StringComparison.Ordinal);

        var localId = (await PatientAsync("visit", "--hospital", endpointA, "--address", a)).EnsureOk().Field("local-id");
        var recordFile = ws.PathOf("hba1c.json");
        await File.WriteAllBytesAsync(recordFile, SampleRecords.HbA1cBundle(), ct);
        var created = (await HospitalAsync("A", "create-record", "--patient", localId, "--file", recordFile)).EnsureOk();
        var recordId = created.Field("record");
        Assert.StartsWith("anchor 0x", created.Field("tx"), StringComparison.Ordinal);

        var collected = (await PatientAsync("visit", "--hospital", endpointA, "--address", a, "--collect")).EnsureOk();
        Assert.Equal($"{recordId} v1", collected.Field("collected"));
        Assert.StartsWith("index-anchor 0x", collected.Field("tx"), StringComparison.Ordinal);
        var index = (await PatientAsync("index")).EnsureOk();
        Assert.StartsWith(recordId, index.Field("entry"), StringComparison.Ordinal);
        Assert.StartsWith("yes", index.Field("anchored"), StringComparison.Ordinal);

        // The patient reads their own record from A's store (decrypted with the key wrapped for them): the same bytes.
        var own = ws.PathOf("own-copy.json");
        var read = (await PatientAsync("read", "--record", recordId, "--peers", peers, "--out", own)).EnsureOk();
        Assert.Equal(a, read.Field("custodian"));
        Assert.Equal(await File.ReadAllBytesAsync(recordFile, ct), await File.ReadAllBytesAsync(own, ct));
        Assert.Equal(3, (await PatientAsync("read", "--record", "0x" + new string('7', 64), "--peers", peers, "--out", own)).ExitCode);

        var grantId = (await PatientAsync("grant", "--at", endpointB, "--grantee", b, "--custodian", a, "--records", recordId, "--expires", "7d")).EnsureOk().Field("grant");
        var received = (await HospitalAsync("B", "request", "--peers", peers, "--grant", grantId, "--record", recordId)).EnsureOk();
        Assert.Equal(a, received.Field("custodian"));
        Assert.Contains(received.Fields("tx"), t => t.StartsWith("fulfilment 0x", StringComparison.Ordinal));
        var copy = ws.PathOf("received-at-b.json");
        (await HospitalAsync("B", "read", "--record", recordId, "--out", copy)).EnsureOk();
        Assert.Equal(SampleRecords.HbA1cBundle(), await File.ReadAllBytesAsync(copy, ct));

        // A corrects the result: version 2 under a new data key; B fetches it under the same grant.
        var correctedFile = ws.PathOf("hba1c-corrected.json");
        await File.WriteAllBytesAsync(correctedFile, SampleRecords.HbA1cBundle(8.1m), ct);
        Assert.Equal("2", (await HospitalAsync("A", "amend", "--record", recordId, "--file", correctedFile)).EnsureOk().Field("version"));
        Assert.Equal("2", (await HospitalAsync("B", "request", "--peers", peers, "--grant", grantId, "--record", recordId)).EnsureOk().Field("version"));
        (await HospitalAsync("B", "read", "--record", recordId, "--out", copy)).EnsureOk();
        Assert.Equal(SampleRecords.HbA1cBundle(8.1m), await File.ReadAllBytesAsync(copy, ct));

        var revocation = ws.PathOf("revocation.json");
        (await PatientAsync("revoke", "--grant", grantId, "--out", revocation)).EnsureOk();
        Assert.Equal(grantId, (await CenterAsync("relay-revoke", "--file", revocation)).EnsureOk().Field("revoked"));
        var refused = await HospitalAsync("B", "request", "--peers", peers, "--grant", grantId, "--record", recordId);
        Assert.Equal(2, refused.ExitCode);
        Assert.StartsWith("error: access denied", refused.Stderr.Trim(), StringComparison.Ordinal);
        Assert.Equal(2, (await HospitalAsync("B", "records")).EnsureOk().Fields("record").Count(r => r.StartsWith(recordId, StringComparison.Ordinal)));

        var log = (await PatientAsync("log")).EnsureOk().Fields("event").ToList();
        Assert.Contains(log, e => e.Contains("AccessRequested", StringComparison.Ordinal) && e.Contains("by " + b, StringComparison.Ordinal) && e.Contains(recordId, StringComparison.Ordinal));
        Assert.Contains(log, e => e.Contains("AccessFulfilled", StringComparison.Ordinal) && e.Contains(grantId, StringComparison.Ordinal));
        Assert.Contains(log, e => e.Contains("GrantRevoked", StringComparison.Ordinal) && e.Contains(grantId, StringComparison.Ordinal));
        Assert.Contains((await HospitalAsync("A", "audit")).EnsureOk().Fields("audit"), e => e.Contains(" fulfil ", StringComparison.Ordinal) && e.Contains(recordId, StringComparison.Ordinal));

        await AssertNoPhiOnChainAsync(rpc, recordId, localId);
        return new ScenarioOutcome(rpc, a, b, endpointB, localId, recordId, grantId, serverA);
    }

    public Task<CliResult> CenterAsync(string command, params string[] arguments) => ws.ActorAsync("center", "center", command, arguments, ct);

    public Task<CliResult> HospitalAsync(string name, string command, params string[] arguments) =>
        ws.ActorAsync("hospital", "hospital-" + name, command, [.. arguments, "--deployment", Deployment, .. (ipfs is null || command == "init" ? [] : new[] { "--ipfs", ipfs.ToString() })], ct);

    /// <summary>serve's store options: its own store API on a port, or the external IPFS node.</summary>
    private string[] StoreOptions(string storePort) => ipfs is null ? ["--store-port", storePort] : ["--ipfs", ipfs.ToString()];

    public Task<CliResult> PatientAsync(string command, params string[] arguments) =>
        ws.ActorAsync("patient", "patient", command, [.. arguments, "--deployment", Deployment], ct);

    private async Task<string> InitHospitalAsync(string name, string? accountKey)
    {
        string[] args = ["--name", name, "--scrypt-n", ActorWorkspace.TestScryptN];
        if (accountKey is not null)
        {
            var keyFile = ws.PathOf($"account-{name}.key");
            await File.WriteAllTextAsync(keyFile, accountKey, ct);
            args = [.. args, "--account-key-file", keyFile];
        }

        var init = (await HospitalAsync(name, "init", args)).EnsureOk();
        Assert.Single(init.Fields("practitioner"));
        return init.Field("address");
    }

    private async Task AssertNoPhiOnChainAsync(Uri rpc, string recordId, string localId)
    {
        var dump = await ChainScanner.DumpAsync(rpc, ct);
        Assert.Contains(recordId[2..], dump, StringComparison.Ordinal); // positive control: ids are public
        foreach (var secret in new[] { SampleRecords.PatientName, "Quellenberg", SampleRecords.PatientIdentifier, SampleRecords.DiagnosisCode, SampleRecords.LoincCode, localId })
        {
            Assert.DoesNotContain(secret.ToLowerInvariant(), dump, StringComparison.Ordinal);
            Assert.DoesNotContain(ChainScanner.Hex(secret), dump, StringComparison.Ordinal);
        }
    }
}
