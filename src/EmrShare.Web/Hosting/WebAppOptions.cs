using EmrShare.ServiceDefaults;

namespace EmrShare.Web.Hosting;

/// <summary>
/// Where and how an actor's web app listens. A deployment passes its validated <see cref="Service"/> options (listen
/// URLs on any interface, TLS, proxies, log format); without them the app listens on plain HTTP on
/// <see cref="Host"/>:<see cref="Port"/>, which must be loopback (the demo and in-process tests).
/// </summary>
public sealed record WebAppOptions
{
    /// <summary>0 picks a free port; the bound address is in <see cref="EmrShareWebApp.BaseAddress"/>.</summary>
    public int Port { get; init; }

    public string Host { get; init; } = "127.0.0.1";

    /// <summary>
    /// Largest record body on the record and import routes when no <see cref="Service"/> options are given (a
    /// deployment sets <c>Host:MaxRecordBodyBytes</c>): 64 MiB by default, so records over 4 MiB (a real discharge
    /// Bundle with attachments) import through the API as they do through the CLI. Other routes keep the
    /// server-wide <see cref="ServiceDefaults.ServiceOptions.MaxRequestBodyBytes"/>.
    /// </summary>
    public long MaxRecordBodyBytes { get; init; } = DefaultMaxRecordBodyBytes;

    public const long DefaultMaxRecordBodyBytes = ServiceDefaults.ServiceOptions.DefaultMaxRecordBodyBytes;

    /// <summary>Folder for this app's data-protection keys (cookies/tokens survive a restart when set); created 0700.</summary>
    public string? KeysDirectory { get; init; }

    /// <summary>Who may read the OpenAPI document and the API reference; production keeps the default or Off.</summary>
    public Security.ApiReferenceAccess ApiReference { get; init; } = Security.ApiReferenceAccess.AdminOnly;

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>A deployment's validated service options; null = loopback plain HTTP on <see cref="Host"/>:<see cref="Port"/>.</summary>
    public ServiceOptions? Service { get; init; }

    /// <summary>The service options the app runs with (validated: plain HTTP off loopback is refused).</summary>
    public ServiceOptions ServiceOptions()
    {
        if (Service is { } service)
        {
            return service;
        }

        var loopback = new ServiceOptions
        {
            Listen = [new Uri($"http://{Host}:{Port}")],
            InsecureHttp = true,
            MaxRecordBodyBytes = MaxRecordBodyBytes,
        };
        ServiceOptionsValidator.Validate(loopback);
        return loopback;
    }
}
