using EmrShare.Nodes.Chain;
using EmrShare.Nodes.Hospital;
using EmrShare.Nodes.Transport;
using EmrShare.Storage.Kubo;

namespace EmrShare.Reliability.Tests.Support;

/// <summary>Opens a <see cref="CrashScenario"/>'s hospital with its envelopes in an external store reached over the Kubo API.</summary>
internal static class BlobStoreHospital
{
    /// <summary>The client a hospital started with <c>--ipfs URL</c> uses; <paramref name="http"/>'s timeout bounds a hung store.</summary>
    public static KuboBlobStore Remote(HttpClient http, Uri url) => new(new KuboRpcClient(http, url));

    /// <summary>The hospital in this process; no access-request watcher, so only the calls under test touch the chain.</summary>
    public static Task<HospitalService> OpenAsync(CrashScenario scenario, ChainAccess access, KuboBlobStore store, CancellationToken ct) =>
        HospitalService.OpenAsync(new HospitalOptions("K", scenario.HospitalFolder, scenario.Keys, access, scenario.Addresses, new HospitalDirectory())
        {
            Store = store,
            WatchAccessRequests = false,
        }, ct);
}
