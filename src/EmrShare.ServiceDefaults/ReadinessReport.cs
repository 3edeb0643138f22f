using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EmrShare.ServiceDefaults;

/// <summary>
/// The body of <c>/readyz</c>: overall status and one line per check (its name, status and a short description
/// that never carries PHI). 200 when every check is healthy, 503 otherwise.
/// </summary>
public static class ReadinessReport
{
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(report);
        context.Response.ContentType = "application/json";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.Select(entry => new { name = entry.Key, status = entry.Value.Status.ToString(), description = entry.Value.Description }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body), context.RequestAborted);
    }

    /// <summary>Registers a readiness check run by <c>/readyz</c>: healthy when <paramref name="check"/> returns null, else unhealthy with its text.</summary>
    public static IServiceCollection AddReadinessCheck(this IServiceCollection services, string name, Func<CancellationToken, Task<string?>> check)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddHealthChecks().Add(new HealthCheckRegistration(name, new DelegateCheck(check), HealthStatus.Unhealthy, [ServiceDefaultsExtensions.ReadyTag], TimeSpan.FromSeconds(5)));
        return services;
    }

    private sealed class DelegateCheck(Func<CancellationToken, Task<string?>> check) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                var problem = await check(cancellationToken).ConfigureAwait(false);
                return problem is null ? HealthCheckResult.Healthy("ok") : HealthCheckResult.Unhealthy(problem);
            }
#pragma warning disable CA1031 // a readiness check reports "not ready", it does not crash the probe
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
            {
                return HealthCheckResult.Unhealthy(ex.GetType().Name);
            }
        }
    }
}
