using EmrShare.Core;
using EmrShare.Nodes.Hospital;
using EmrShare.ServiceDefaults;
using EmrShare.Storage.Multiformats;

namespace EmrShare.Web.Hosting;

/// <summary>
/// Each actor's readiness checks (<c>/readyz</c>) and gauges (<c>/metrics</c>). Hospital: chain reachable, database
/// writable, store reachable, watcher within <see cref="MaxWatcherLagBlocks"/> of the head, and (publishing in the
/// Center's directory) its entry published, not waiting for registration; gauges for chain head
/// lag, watcher cursor lag and fulfilments pending. Center: chain reachable and the enrolment queue size. Wallet: chain
/// reachable. Only counts and block numbers: no PHI.
/// </summary>
internal static class ActorHealth
{
    /// <summary>A watcher further behind the head than this is not ready (it would answer grantees late).</summary>
    public const long MaxWatcherLagBlocks = 64;

    // The CID of the empty raw block: asking whether the store has it exercises the store without naming any record.
    private static readonly Cid Probe = Cid.Create(1, Multicodec.Raw, []);

    public static void Register(IServiceCollection services, WebActor actor)
    {
        switch (actor)
        {
            case HospitalActor { Hospital: var hospital } hospitalActor:
                if (hospitalActor.DirectoryStatus is { } directory)
                {
                    services.AddReadinessCheck("directory", _ => Task.FromResult(directory.Problem));
                }

                services.AddReadinessCheck("chain", async ct => { await hospital.ChainHeadAsync(ct).ConfigureAwait(false); return null; });
                services.AddReadinessCheck("database", async ct => { await hospital.ProbeDatabaseWriteAsync(DateTimeOffset.UtcNow.ToUnixTimeSeconds(), ct).ConfigureAwait(false); return null; });
                services.AddReadinessCheck("store", async ct => { await hospital.Store.HasAsync(Probe, ct).ConfigureAwait(false); return null; });
                services.AddReadinessCheck("watcher", ct => WatcherLagProblemAsync(hospital, ct));
                services.AddSingleton<IStartupFilter>(new GaugeRegistration(metrics =>
                {
                    metrics.Gauge("emrshare_chain_head_lag_seconds", "Seconds since the chain's head block was sealed.", async ct =>
                        DateTimeOffset.UtcNow.ToUnixTimeSeconds() - (await hospital.ChainHeadAsync(ct).ConfigureAwait(false)).Timestamp);
                    metrics.Gauge("emrshare_watcher_lag_blocks", "Blocks between the chain head and the access-request watcher's cursor.", async ct =>
                        await WatcherLagAsync(hospital, ct).ConfigureAwait(false) ?? double.NaN);
                    metrics.Gauge("emrshare_fulfilments_pending", "Fulfilments staged but not yet confirmed on chain.", async ct =>
                        await hospital.PendingFulfilmentCountAsync(ct).ConfigureAwait(false));
                }));
                break;
            case CenterActor center:
                services.AddReadinessCheck("chain", async ct =>
                {
                    await center.Center.Chain.Registry.IsPatientPseudonymAsync(ChainAddress.Zero.ToString(), ct).ConfigureAwait(false);
                    return null;
                });
                services.AddSingleton<IStartupFilter>(new GaugeRegistration(metrics =>
                    metrics.Gauge("emrshare_enrolment_queue_size", "Patients queued for the next enrolment round.", async ct =>
                        (await center.Enrolment.GetStatusAsync(ct).ConfigureAwait(false)).Pending)));
                break;
            case PatientActor patient:
                services.AddReadinessCheck("chain", async ct =>
                {
                    await patient.Wallet.Chain.Registry.IsPatientPseudonymAsync(ChainAddress.Zero.ToString(), ct).ConfigureAwait(false);
                    return null;
                });
                break;
        }
    }

    private static async Task<long?> WatcherLagAsync(HospitalService hospital, CancellationToken ct)
    {
        if (hospital.WatcherNextBlock is not { } next)
        {
            return null;
        }

        var head = (await hospital.ChainHeadAsync(ct).ConfigureAwait(false)).Number;
        return Math.Max(0, head - next + 1);
    }

    private static async Task<string?> WatcherLagProblemAsync(HospitalService hospital, CancellationToken ct)
    {
        if (hospital.WatcherLastError is { } error)
        {
            return "watcher failing: " + error.GetType().Name;
        }

        var lag = await WatcherLagAsync(hospital, ct).ConfigureAwait(false);
        return lag > MaxWatcherLagBlocks ? $"watcher {lag} blocks behind the head (limit {MaxWatcherLagBlocks})" : null;
    }

    /// <summary>Registers the gauges once the container is built (the metrics singleton lives there).</summary>
    private sealed class GaugeRegistration(Action<ServiceMetrics> register) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            register(app.ApplicationServices.GetRequiredService<ServiceMetrics>());
            next(app);
        };
    }
}
