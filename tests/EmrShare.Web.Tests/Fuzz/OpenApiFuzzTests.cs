using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using EmrShare.Web.Hosting;
using EmrShare.Web.Tests.Support;

namespace EmrShare.Web.Tests.Fuzz;

/// <summary>
/// Fuzzes every operation of every app's OpenAPI document, signed in as each role (and anonymous, and with a
/// foreign app's token): hostile path values, query values, malformed and wrong-typed bodies, huge bodies. The
/// API must refuse with 4xx (or accept with 2xx) — never 5xx, never hang.
/// </summary>
[Collection(FuzzCollection.Name)]
public sealed class OpenApiFuzzTests(WebNetwork web)
{
    private const int Seed = 20261125;

    [Fact]
    public async Task EveryOperation_HostileInputAsEveryRole_NeverAnswers5xx()
    {
        var ct = TestContext.Current.CancellationToken;
        var random = new Random(Seed);
        var targets = new (EmrShareWebApp App, Role?[] Roles)[]
        {
            (web.Center, [Role.CenterAdmin, null, Role.Clinician]),
            (web.HospitalA, [Role.Clinician, Role.HospitalAdmin, Role.ClinicianWithoutKey, null, Role.Patient]),
            (web.Patient, [Role.Patient, null, Role.CenterAdmin]),
        };
        var failures = new List<string>();
        var cases = 0;
        var operationsSeen = 0;
        foreach (var (app, roles) in targets)
        {
            var operations = await OperationsAsync(app, ct);
            Assert.NotEmpty(operations);
            operationsSeen += operations.Count;
            foreach (var role in roles)
            {
                var client = web.Client(app, role);
                foreach (var operation in operations)
                {
                    foreach (var request in Requests(operation, random))
                    {
                        cases++;
                        var outcome = await SendAsync(client, request, ct);
                        if (outcome is not null)
                        {
                            failures.Add($"{role?.ToString() ?? "anonymous"} {operation.Method} {operation.Path} [{request.Name}]: {outcome}");
                        }
                    }
                }
            }
        }

        Assert.True(operationsSeen >= 30, $"only {operationsSeen} operations in the OpenAPI documents");
        Assert.True(cases >= 1_000, $"only {cases} fuzz cases ran");
        Assert.True(failures.Count == 0, $"{failures.Count} of {cases} cases failed:\n" + string.Join('\n', failures.Take(25)));
    }

    private async Task<IReadOnlyList<OpenApiOperation>> OperationsAsync(EmrShareWebApp app, CancellationToken ct)
    {
        // The API reference is admin-only by default: read it as the app's administrator.
        var client = web.Client(app, app == web.Center ? Role.CenterAdmin : app == web.Patient ? Role.Patient : Role.HospitalAdmin);
        using var document = JsonDocument.Parse(await client.GetStringAsync("openapi/v1.json", ct));
        // Sign-out ends the shared tokens' server-side sessions: every later case would only see 401.
        return [.. OpenApiOperation.Read(document.RootElement)
            .Where(o => !(string.Equals(o.Method, "DELETE", StringComparison.OrdinalIgnoreCase) && o.Path.TrimEnd('/') == "/api/session"))];
    }

    private static IEnumerable<FuzzRequest> Requests(OpenApiOperation operation, Random random)
    {
        var strings = FuzzInputs.Strings(random);
        var neutral = "0x" + new string('0', 64);
        string Path(string? value, bool raw) =>
            operation.PathParameters.Aggregate(operation.Path, (path, name) => path.Replace("{" + name + "}", value is null ? neutral : raw ? value : Escape(value), StringComparison.Ordinal));

        byte[]? defaultBody = operation.HasBody ? "{}"u8.ToArray() : null;
        foreach (var (value, raw) in operation.PathParameters.Count > 0 ? strings : strings.Take(1))
        {
            yield return new FuzzRequest($"path {Short(value)}", operation.Method, Path(value, raw), defaultBody, "application/json");
        }

        foreach (var query in operation.QueryParameters)
        {
            foreach (var (value, raw) in strings)
            {
                yield return new FuzzRequest($"query {query}={Short(value)}", operation.Method, $"{Path(null, false)}?{query}={(raw ? value : Escape(value))}", defaultBody, "application/json");
            }
        }

        if (operation.Method is "GET")
        {
            yield break;
        }

        foreach (var (name, body, type) in FuzzInputs.MalformedBodies(random))
        {
            yield return new FuzzRequest($"body {name}", operation.Method, Path(null, false), body, type);
        }

        foreach (var (name, body) in FuzzInputs.WrongTypes(operation.BodyProperties, random))
        {
            yield return new FuzzRequest($"body {name}", operation.Method, Path(null, false), body, "application/json");
        }

        yield return new FuzzRequest("huge body", operation.Method, Path(null, false), new byte[FuzzInputs.HugeBodyBytes], "application/json");
    }

    /// <summary>Null when the answer is acceptable (not 5xx), else a description of what went wrong.</summary>
    private static async Task<string?> SendAsync(HttpClient client, FuzzRequest request, CancellationToken ct)
    {
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), request.Path.TrimStart('/'));
        if (request.Body is not null)
        {
            message.Content = new ByteArrayContent(request.Body);
            message.Content.Headers.ContentType = new MediaTypeHeaderValue(request.ContentType);
            // A refused huge upload is answered before the body is sent (no broken pipe on the client side).
            message.Headers.ExpectContinue = request.Body.Length > 1024 * 1024;
        }

        var huge = request.Body is { Length: > 1024 * 1024 };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));

        // A huge body goes on its own connection: the server may answer early and close it, which must not
        // poison the pooled connections the other cases reuse.
        using var own = huge ? new HttpClient { BaseAddress = client.BaseAddress } : null;
        if (own is not null)
        {
            message.Headers.Authorization = client.DefaultRequestHeaders.Authorization;
            message.Headers.ConnectionClose = true;
        }

        try
        {
            using var response = await (own ?? client).SendAsync(message, timeout.Token);
            var status = (int)response.StatusCode;
            if (status >= 500)
            {
                return $"{status}: {await response.Content.ReadAsStringAsync(ct)}";
            }

            return status is (>= 200 and < 300) or (>= 400 and < 500) ? null : $"unexpected status {status}";
        }
        catch (HttpRequestException ex) when (huge && ex.InnerException is IOException)
        {
            // An endpoint that never reads the body answered and closed while the client was still sending
            // megabytes it did not need (Kestrel does not drain bodies over the limit): a refusal, not a fault.
            return null;
        }
        catch (HttpRequestException ex)
        {
            return $"transport error {ex.Message} {ex.InnerException?.Message}";
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return "no answer within 30 s";
        }
    }

    /// <summary>Percent-encodes the UTF-8 bytes (lone surrogates become U+FFFD, as any client would send them).</summary>
    private static string Escape(string value)
    {
        var builder = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            builder.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~' ? c : $"%{b:X2}");
        }

        return builder.ToString();
    }

    private static string Short(string value) => value.Length > 24 ? value[..24] + $"…({value.Length})" : value;

    private sealed record FuzzRequest(string Name, string Method, string Path, byte[]? Body, string ContentType);
}
