using EmrShare.ServiceDefaults;
using Spectre.Console;

namespace EmrShare.Cli.Commands;

/// <summary>
/// <c>emrshare demo --web</c>: starts <see cref="DemoWebNetwork"/> with the demo data, prints the four dashboard
/// URLs and the generated sign-in details, and serves until Ctrl+C.
/// </summary>
internal static class DemoWebRunner
{
    public static async Task<int> RunAsync(IAnsiConsole console, string dataDirectory, int portBase, CancellationToken cancellationToken)
    {
        // Ctrl+C and SIGTERM (service managers, `timeout`, `kill`) both mean "shut down cleanly": web apps, hospitals,
        // ledger in order. Each web app's host would otherwise swallow the signal and stop only itself.
        using var signal = ShutdownSignal.Listen(cancellationToken);
        console.MarkupLine("starting the ledger, the Center, hospitals A and B and the patient wallet…");
        DemoWebNetwork started;
        try
        {
            started = await DemoWebNetwork.StartAsync(new DemoWebOptions(dataDirectory) { PortBase = portBase }, signal.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (signal.Token.IsCancellationRequested)
        {
            console.MarkupLine("stopped before the dashboards were up.");
            return 130;
        }

        await using var network = started;
        Print(console, network);
        await signal.WaitAsync().ConfigureAwait(false);
        console.MarkupLine("stopping…");
        return 0;
    }

    private static void Print(IAnsiConsole console, DemoWebNetwork network)
    {
        // Plain lines, not a table: URLs and passwords must stay copyable at any terminal width.
        var c = network.Credentials;
        console.MarkupLine("[bold]EmrShare dashboards[/] (demo credentials, generated for this run):");
        Line(console, "Main (Blockchain Center)", network.CenterWeb, $"user {c.CenterUser}, password {c.CenterPassword}");
        Line(console, "Hospital A", network.HospitalAWeb, $"user {c.ClinicianA} (clinician) password {c.ClinicianAPassword}; user {c.AdminA} (admin) password {c.AdminAPassword}");
        Line(console, "Hospital B", network.HospitalBWeb, $"user {c.ClinicianB} (clinician) password {c.ClinicianBPassword}; user {c.AdminB} (admin) password {c.AdminBPassword}");
        Line(console, "Patient wallet", network.PatientWeb, $"wallet passphrase {c.PatientPassphrase}");
        if (network.DemoRecord is { } record)
        {
            console.MarkupLine($"demo data: hospitals, practitioners and the patient are registered; record {Markup.Escape(record.ToString()[..10])}… is at hospital A and in the patient's index.");
        }

        if (network.DemoEnrolment is { } round)
        {
            console.MarkupLine($"[yellow]enrolment:[/] the demo patient was enrolled in a FORCED round of {round.Patients} (below k = {round.RoundSize}; " +
                "a deployment waits for k patients so nobody can link a patient's pseudonyms). New patients queued on the Main dashboard wait for k or a forced round.");
        }

        console.MarkupLine("REST API reference of each app at /scalar, OpenAPI document at /openapi/v1.json; /healthz, /readyz and /metrics on each.");
        console.MarkupLine("these are the hosts a deployment runs ('emrshare center|hospital serve --config FILE', samples/deploy/), here on loopback plain HTTP.");
        console.MarkupLine("press [bold]Ctrl+C[/] to stop.");
    }

    private static void Line(IAnsiConsole console, string name, Web.Hosting.EmrShareWebApp app, string signIn) =>
        console.MarkupLine($"  {Markup.Escape(name),-26} {Url(app)}  [grey]sign in:[/] {Markup.Escape(signIn)}");

    private static string Url(Web.Hosting.EmrShareWebApp app) => Markup.Escape(app.BaseAddress.ToString());
}
