using EmrShare.Nodes.Transport;

namespace EmrShare.Web.Hosting;

/// <summary>
/// Keeps <see cref="WebActor.Names"/> filled from the names the actor's peer directory publishes: a hospital or wallet
/// that resolves peers through the Center's signed directory shows the other hospitals and practitioners by name
/// (issue 16 #11, separately hosted nodes). The Center loads the names it publishes itself. Refreshed at start and
/// every <see cref="Every"/>; a failed fetch leaves the names it already had and is retried next time.
/// </summary>
internal sealed partial class DirectoryNamesRefresh(WebActor actor, TimeProvider time, ILogger<DirectoryNamesRefresh> log) : BackgroundService
{
    public static readonly TimeSpan Every = TimeSpan.FromMinutes(5);

    /// <summary>Fetches the names once into <paramref name="actor"/>'s <see cref="WebActor.Names"/>.</summary>
    public static async Task LoadAsync(WebActor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (actor is CenterActor { Directory: { } published })
        {
            foreach (var name in await published.NamesAsync(cancellationToken).ConfigureAwait(false))
            {
                actor.Names.Add(name.Account.ToString(), name.Name);
            }

            return;
        }

        IHospitalDirectory? directory = actor switch
        {
            HospitalActor hospital => hospital.Hospital.Directory,
            PatientActor patient => patient.Directory,
            _ => null,
        };
        if (directory is null)
        {
            return;
        }

        foreach (var (account, name) in await directory.DisplayNamesAsync(cancellationToken).ConfigureAwait(false))
        {
            actor.Names.Add(account.ToString(), name);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await LoadAsync(actor, stoppingToken).ConfigureAwait(false);
            }
            // Names are a convenience: no failure to fetch them may stop the host (a BackgroundService's exception would).
#pragma warning disable CA1031
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
#pragma warning restore CA1031
            {
                NamesNotRefreshed(log, ex.GetType().Name);
            }

            try
            {
                await Task.Delay(Every, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(EventId = 7301, Level = LogLevel.Warning, Message = "Display names from the peer directory not refreshed ({Error}); keeping the known ones")]
    private static partial void NamesNotRefreshed(ILogger logger, string error);
}
