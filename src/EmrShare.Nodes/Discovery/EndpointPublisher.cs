using System.Net.Http.Json;
using System.Text.Json;
using EmrShare.Core;
using EmrShare.Nodes.Hospital;
using EmrShare.Nodes.Transport;

namespace EmrShare.Nodes.Discovery;

/// <summary>What publishing found: the entry peers now see, and whether this start changed it (and from what).</summary>
public sealed record EndpointPublication(DirectoryEntry Entry, bool Changed, string? PreviousEndpoint);

/// <summary>
/// Publishes this hospital's public URL and TLS key pin in the Center's directory at start. The URL and the
/// certificate are the operator's configuration (<c>Host:PublicBaseUrl</c>, <c>Tls:CertificatePath</c>), so changing
/// them is an admin action: when they differ from what the directory lists, a hospital-signed
/// <see cref="EndpointUpdate"/> is posted (the Center keeps who and when, with the signature) and a local audit row
/// <c>directory-endpoint</c> names the new URL. An unchanged entry is not re-published.
/// </summary>
public static class EndpointPublisher
{
    public const string AuditKind = "directory-endpoint";

    public static async Task<EndpointPublication> PublishAsync(CenterDirectory directory, HospitalService hospital, Uri publicBaseUrl, Hash32 tlsSpki, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(hospital);
        ArgumentNullException.ThrowIfNull(publicBaseUrl);
        ArgumentNullException.ThrowIfNull(time);
        var endpoint = CenterDirectory.AsBase(publicBaseUrl).AbsoluteUri;
        Center.PeerDirectory.CheckEndpoint(endpoint);
        var current = await directory.Client.FindAsync(hospital.Address, cancellationToken).ConfigureAwait(false);
        if (current is not null && current.Endpoint == endpoint && current.TlsSpki == tlsSpki)
        {
            return new EndpointPublication(current, Changed: false, current.Endpoint);
        }

        // Sequences only grow: past the published one, and time-based so a lost directory read cannot reuse one.
        var sequence = Math.Max((current?.Sequence ?? 0) + 1, (ulong)time.GetUtcNow().ToUnixTimeMilliseconds());
        var update = EndpointUpdates.Sign(hospital.Keys, directory.Client.Domain, endpoint, tlsSpki, sequence, time);
        using var body = new ByteArrayContent(NodeJson.ToUtf8(update));
        body.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var response = await directory.CenterHttp.PostAsync(CenterDirectory.UpdateUrl(directory.CenterBase), body, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new DirectoryUpdateRefusedException($"the Center refused this hospital's endpoint update ({(int)response.StatusCode}): {await RefusalAsync(response, cancellationToken).ConfigureAwait(false)}");
        }

        var entry = await response.Content.ReadFromJsonAsync<DirectoryEntry>(NodeJson.Options, cancellationToken).ConfigureAwait(false)
            ?? throw new DirectoryUpdateRefusedException("the Center accepted the endpoint update but answered without the entry");
        await hospital.Database.AddAuditAsync(new AuditRow
        {
            At = time.GetUtcNow().ToUnixTimeSeconds(),
            Kind = AuditKind,
            Counterpart = endpoint,
        }, cancellationToken).ConfigureAwait(false);
        return new EndpointPublication(entry, Changed: true, current?.Endpoint);
    }

    /// <summary>
    /// <see cref="PublishAsync"/>, asked again every <paramref name="retryEvery"/> while the Center cannot be reached
    /// (down or restarting), so a hospital starting before its Center still publishes; a refusal (bad signature,
    /// unregistered, rollback, forged directory) ends it at once. <paramref name="waiting"/> is told about each miss.
    /// </summary>
    public static async Task<EndpointPublication> PublishWhenReachableAsync(CenterDirectory directory, HospitalService hospital, Uri publicBaseUrl, Hash32 tlsSpki, TimeProvider time, TimeSpan retryEvery, Action<Exception> waiting, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(waiting);
        while (true)
        {
            try
            {
                return await PublishAsync(directory, hospital, publicBaseUrl, tlsSpki, time, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (TransportFailure.Is(ex) || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
            {
                waiting(ex);
                await Task.Delay(retryEvery, time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Whether the Registry lists <paramref name="hospital"/> as an active hospital (the Center accepts its endpoint only then); null when the chain cannot be reached.</summary>
    public static async Task<bool?> IsRegisteredAsync(HospitalService hospital, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hospital);
        try
        {
            return await hospital.Chain.Registry.IsActiveHospitalAsync(hospital.Address.ToString(), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (TransportFailure.Is(ex) || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return null;
        }
    }

    /// <summary>
    /// A hospital host that starts before the Center registered it: asks the chain whether it is registered, again
    /// after <paramref name="backoff"/>'s growing delays (bounded by its maximum) while it is not or the chain cannot be
    /// reached, telling <paramref name="waiting"/> why each time; then publishes as <see cref="PublishWhenReachableAsync"/>.
    /// A refusal of the update itself ends it with <see cref="DirectoryUpdateRefusedException"/>.
    /// </summary>
    public static async Task<EndpointPublication> PublishWhenRegisteredAsync(CenterDirectory directory, HospitalService hospital, Uri publicBaseUrl, Hash32 tlsSpki, TimeProvider time, RetryBackoff backoff, Action<string> waiting, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(waiting);
        ArgumentNullException.ThrowIfNull(backoff);
        var delay = backoff.First;
        while (true)
        {
            var registered = await IsRegisteredAsync(hospital, cancellationToken).ConfigureAwait(false);
            if (registered == true)
            {
                return await PublishWhenReachableAsync(directory, hospital, publicBaseUrl, tlsSpki, time, backoff.Maximum, _ => waiting("the Center cannot be reached yet"), cancellationToken).ConfigureAwait(false);
            }

            var reason = registered is null ? "the chain cannot be reached yet" : DirectoryPublicationStatus.WaitingForRegistration;
            waiting(reason);
            await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
            delay = backoff.Next(delay);
        }
    }

    private static async Task<string> RefusalAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var error = await response.Content.ReadFromJsonAsync<PeerError>(NodeJson.Options, cancellationToken).ConfigureAwait(false);
            return error is null ? "no reason given" : $"{error.Error}: {error.Message}";
        }
        catch (JsonException)
        {
            return "no reason given";
        }
    }
}
