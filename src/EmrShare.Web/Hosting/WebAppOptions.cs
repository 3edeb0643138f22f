namespace EmrShare.Web.Hosting;

/// <summary>Where and how an actor's web app listens. Loopback only unless the operator puts a TLS proxy in front.</summary>
public sealed record WebAppOptions
{
    /// <summary>0 picks a free port; the bound address is in <see cref="EmrShareWebApp.BaseAddress"/>.</summary>
    public int Port { get; init; }

    public string Host { get; init; } = "127.0.0.1";

    /// <summary>
    /// Largest request body accepted (FHIR bundles are the largest payloads): 64 MiB by default, so records
    /// over 4 MiB (a real discharge Bundle with attachments) import through the API as they do through the CLI.
    /// Bodies are read in 80 KiB chunks and refused with 413 as soon as they pass this limit.
    /// </summary>
    public long MaxRequestBodyBytes { get; init; } = DefaultMaxRequestBodyBytes;

    public const long DefaultMaxRequestBodyBytes = 64L * 1024 * 1024;

    /// <summary>Folder for this app's data-protection keys (cookies/tokens survive a restart when set).</summary>
    public string? KeysDirectory { get; init; }

    /// <summary>Who may read the OpenAPI document and the API reference; production keeps the default or Off.</summary>
    public Security.ApiReferenceAccess ApiReference { get; init; } = Security.ApiReferenceAccess.AdminOnly;

    public TimeProvider Time { get; init; } = TimeProvider.System;
}
