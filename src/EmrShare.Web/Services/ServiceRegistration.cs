using EmrShare.Web.Hosting;

namespace EmrShare.Web.Services;

/// <summary>
/// Registers the desks of the one actor this app serves (API endpoints and dashboard pages both use them); the
/// other actors' desks are absent from the container, so nothing can reach their data.
/// </summary>
internal static class ServiceRegistration
{
    public static IServiceCollection AddEmrShareDesks(this IServiceCollection services, WebActor actor)
    {
        switch (actor)
        {
            case CenterActor center:
                services.AddSingleton(sp => new CenterDesk(center, sp.GetRequiredService<TimeProvider>()));
                services.AddSingleton(_ => new ChainExplorer(center));
                services.AddSingleton(sp => new CenterRegistry(center, sp.GetRequiredService<ChainExplorer>(), sp.GetRequiredService<TimeProvider>()));
                break;
            case HospitalActor hospital:
                services.AddSingleton(new HospitalDesk(hospital));
                services.AddSingleton(sp => new PatientCards(hospital, sp.GetRequiredService<TimeProvider>()));
                break;
            case PatientActor patient:
                services.AddSingleton(sp => new PatientDesk(patient, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<PatientDesk>>()));
                services.AddSingleton(sp => new RecoveryBackupChallenges(sp.GetRequiredService<TimeProvider>()));
                break;
            default:
                throw new ArgumentException($"unknown actor {actor.GetType().Name}", nameof(actor));
        }

        return services;
    }
}
