using EmrShare.ServiceDefaults;
using Spectre.Console;

namespace EmrShare.Cli.Commands;

/// <summary>
/// <c>emrshare demo --web</c>: starts <see cref="DemoHosts"/> (the deployment's hosts, with the demo data), prints the
/// four dashboard URLs and the generated sign-in details, and serves until Ctrl+C or SIGTERM.
/// </summary>
internal static class DemoWebRunner
{
    public static async Task<int> RunAsync(IAnsiConsole console, string dataDirectory, int portBase, CancellationToken cancellationToken)
    {
        // Ctrl+C and SIGTERM (service managers, `timeout`, `kill`) both mean "shut down cleanly": wallet, hospitals,
        // Center and its ledger in order. Each web app's host would otherwise swallow the signal and stop only itself.
        using var signal = ShutdownSignal.Listen(cancellationToken);
        console.MarkupLine("starting the Center (with its ledger), hospitals A and B and the patient wallet: 'init' for each, then their 'serve --config' hosts…");
        DemoHosts started;
        try
        {
            started = await DemoHosts.StartAsync(dataDirectory, portBase, signal.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (signal.Token.IsCancellationRequested)
        {
            console.MarkupLine("stopped before the dashboards were up.");
            return 130;
        }
        catch (DemoSetupException ex)
        {
            console.MarkupLine($"[red]demo failed:[/] {Markup.Escape(ex.Message)}");
            return 2;
        }

        await using var demo = started;
        Print(console, demo);
        await signal.WaitAsync().ConfigureAwait(false);
        console.MarkupLine("stopping…");
        return 0;
    }

    private static void Print(IAnsiConsole console, DemoHosts demo)
    {
        // Plain lines, not a table: URLs and passwords must stay copyable at any terminal width.
        var c = demo.Credentials;
        console.MarkupLine("[bold]EmrShare dashboards[/] (demo credentials, generated for this run):");
        Line(console, "Main (Blockchain Center)", demo.CenterUrl, $"user {c.CenterUser}, password {c.CenterPassword}");
        Line(console, "Hospital A", demo.HospitalAUrl, $"user {c.ClinicianA} (clinician) password {c.ClinicianAPassword}; user {c.AdminA} (admin) password {c.AdminAPassword}");
        Line(console, "Hospital B", demo.HospitalBUrl, $"user {c.ClinicianB} (clinician) password {c.ClinicianBPassword}; user {c.AdminB} (admin) password {c.AdminBPassword}");
        Line(console, "Patient wallet", demo.PatientUrl, $"wallet passphrase {c.PatientPassphrase}");
        if (demo.DemoRecord is { } record)
        {
            console.MarkupLine($"demo data: hospitals, practitioners and the patient are registered; record {Markup.Escape(record.ToString()[..10])}… is at hospital A and in the patient's index.");
        }

        if (demo.DemoEnrolment is { } round)
        {
            console.MarkupLine($"[yellow]enrolment:[/] the demo patient was enrolled in a FORCED round of {round.Patients} (below k = {round.RoundSize}; " +
                "a deployment waits for k patients so nobody can link a patient's pseudonyms). New patients queued on the Main dashboard wait for k or a forced round.");
        }

        console.MarkupLine("REST API reference of each app at /scalar, OpenAPI document at /openapi/v1.json; /healthz, /readyz and /metrics on each.");
        console.MarkupLine("these are the hosts a deployment runs, here in one process on loopback plain HTTP, each from its config file:");
        foreach (var config in demo.ConfigFiles)
        {
            console.MarkupLine($"  {Markup.Escape(config)}");
        }

        console.MarkupLine("the hospitals publish their URLs in the Center's directory (/v1/directory), where the wallet and the other hospital find them.");
        console.MarkupLine("press [bold]Ctrl+C[/] to stop.");
    }

    private static void Line(IAnsiConsole console, string name, Uri url, string signIn) =>
        console.MarkupLine($"  {Markup.Escape(name),-26} {Markup.Escape(url.ToString())}  [grey]sign in:[/] {Markup.Escape(signIn)}");
}
