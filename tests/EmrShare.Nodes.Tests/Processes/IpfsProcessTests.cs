using System.Globalization;
using EmrShare.Nodes.Hospital;
using EmrShare.Storage.Kubo;
using EmrShare.Storage.Multiformats;
using EmrShare.TestSupport;

namespace EmrShare.Nodes.Tests.Processes;

/// <summary>
/// Issue 6 (<c>--ipfs URL</c>): both hospital processes keep their envelopes in a real js-ipfs node instead of their
/// embedded stores; the whole multi-process scenario (create, grant, request, amend, revoke) runs unchanged.
/// </summary>
public sealed class IpfsProcessTests
{
    [Fact]
    public async Task Scenario_HospitalsStoreInJsIpfs_SharesByteIdenticalAndCiphertextIsInIpfs()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var ipfs = await JsIpfsNode.StartAsync(ct);
        await using var ws = new ActorWorkspace();
        var scenario = new ProcessScenario(ws, ct, ipfs.ApiAddress);
        (await scenario.CenterAsync("init", "--scrypt-n", ActorWorkspace.TestScryptN)).EnsureOk();
        var port = FreePort.Next().ToString(CultureInfo.InvariantCulture);
        await ws.ServeAsync("center", "center", ["--port", port], ct);

        // Runs create at A → grant → B requests → B's decrypted copy byte-identical (asserted inside), then v2, revoke.
        var outcome = await scenario.RunAsync(new Uri($"http://127.0.0.1:{port}/"), hospitalAccountKeys: null);

        // Neither hospital opened an embedded store; the envelopes B verified and holds are pinned in js-ipfs.
        Assert.False(File.Exists(Path.Combine(ws.Folder("hospital-A"), "blobs.db")));
        Assert.False(File.Exists(Path.Combine(ws.Folder("hospital-B"), "blobs.db")));
        var atB = await HospitalDatabase.OpenAsync(Path.Combine(ws.Folder("hospital-B"), "emr.db"), ct);
        var received = (await atB.ListRecordsAsync(ct)).Where(r => r.RecordId == outcome.RecordId).ToList();
        Assert.Equal(2, received.Count);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var store = new KuboBlobStore(new KuboRpcClient(http, ipfs.ApiAddress));
        var pins = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var pin in store.ListPinsAsync(ct))
        {
            pins.Add(pin.ToString());
        }

        foreach (var row in received)
        {
            Assert.Contains(row.Cid, pins);
            await using var envelope = await store.OpenReadAsync(Cid.Parse(row.Cid), ct);
            using var copy = new MemoryStream();
            await envelope.CopyToAsync(copy, ct);
            Assert.True(copy.Length > 0);
        }

        // A one-shot create with --ipfs also stores in js-ipfs: the printed CID is there.
        var recordFile = ws.PathOf("hba1c-again.json");
        await File.WriteAllBytesAsync(recordFile, Support.SampleRecords.HbA1cBundle(6.1m), ct);
        var created = (await scenario.HospitalAsync("A", "create-record", "--patient", outcome.LocalIdAtA, "--file", recordFile)).EnsureOk();
        Assert.True(await store.HasAsync(Cid.Parse(created.Field("cid")), ct));
    }
}
