using System.Collections.Concurrent;
using EmrShare.Web.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EmrShare.Web.Tests.Security;

/// <summary>A hospital web app of its own (own accounts, clock, throttle and log), so a test can lock accounts freely.</summary>
internal sealed class DedicatedApp(WebApplication app, AccountStore accounts, LogCollector log, string folder) : IAsyncDisposable
{
    public Uri BaseAddress { get; } = AddressOf(app);

    public AccountStore Accounts { get; } = accounts;

    public LogCollector Log { get; } = log;

    /// <summary>A hospital app over <paramref name="hospital"/> with one clinician account "nurse" (<paramref name="password"/>), on a free loopback port.</summary>
    public static async Task<DedicatedApp> StartAsync(Nodes.Hospital.HospitalService hospital, string password, TimeProvider time, CancellationToken ct, SessionLifetime? lifetime = null)
    {
        var folder = Directory.CreateTempSubdirectory("emrshare-sessions-").FullName;
        var accounts = await AccountStore.OpenAsync(Path.Combine(folder, "web-accounts.db"), ct);
        await accounts.SaveAsync("nurse", password, Roles.Clinician, null, ct);
        var log = new LogCollector();
        var app = EmrShare.Web.Hosting.EmrShareWebApp.Build(new EmrShare.Web.Hosting.HospitalActor(hospital, accounts), new EmrShare.Web.Hosting.WebAppOptions { Time = time }, builder =>
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.AddProvider(log);
            if (lifetime is not null)
            {
                builder.Services.AddSingleton(lifetime);
            }
        });
        await app.StartAsync(ct);
        return new DedicatedApp(app, accounts, log, folder);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open only leaves a temp folder behind.
        }
    }

    private static Uri AddressOf(WebApplication app)
    {
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new Uri(address.EndsWith('/') ? address : address + "/");
    }
}

/// <summary>Keeps every formatted log line (the security log is asserted on).</summary>
internal sealed class LogCollector : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyCollection<string> Lines => _lines;

    public ILogger CreateLogger(string categoryName) => new Collecting(_lines);

    public void Dispose()
    {
    }

    private sealed class Collecting(ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue(formatter(state, exception));
    }
}
