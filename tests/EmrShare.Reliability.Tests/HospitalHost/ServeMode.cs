using System.Globalization;
using EmrShare.Nodes.Hospital;
using EmrShare.Nodes.Transport;
using EmrShare.Storage.Api;
using EmrShare.Storage.Api.Access;
using EmrShare.Storage.Embedded;

namespace EmrShare.Reliability.HospitalHost;

/// <summary>
/// The custodian side of a share as its own process: the hospital with its access-request watcher on, its endpoint
/// (<see cref="HospitalHttpServer"/>) and its embedded blob store over the Kubo API (<see cref="KuboApiServer"/>), so a
/// grantee in another process reaches it only over loopback HTTP — and a test can kill -9 all of it at once.
/// </summary>
internal static class ServeMode
{
    public static (int Endpoint, int Store) ParsePorts(string ports)
    {
        var parts = ports.Split(',');
        return (int.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture));
    }

    public static async Task RunAsync(HospitalOptions options, int endpointPort, int storePort)
    {
        await using var hospital = await HospitalService.OpenAsync(options with { WatchAccessRequests = true }, CancellationToken.None);
        var store = hospital.Store as SqliteBlobStore
            ?? throw new InvalidOperationException("serve mode expects the embedded blob store");
        await using var endpoint = await HospitalHttpServer.StartAsync(hospital, endpointPort);
        await using var blobs = await KuboApiServer.StartAdminAsync(store, storePort, KuboAdminApiOptions.LoopbackOnly, CancellationToken.None);
        Console.WriteLine("ready");

        // Runs until killed (the test's kill -9) — there is no orderly stop to wait for.
        await Task.Delay(Timeout.Infinite);
    }
}
