using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using EmrShare.Cli.Commands;
using EmrShare.Web.Api;

namespace EmrShare.Bench;

/// <summary>
/// The REST APIs as `emrshare demo --web` serves them (embedded chain, hospitals A and B, patient, Center, each on
/// its own loopback port), soaked through bearer tokens the way an EMR integration calls them: a clinician at A
/// creates FHIR records (encrypt → store → anchor), reads one back decrypted, lists records; the patient lists
/// the index; the Center reads the chain status. Every answer's status and shape are checked.
/// </summary>
public sealed class RestApiSoakTarget : ISoakTarget
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly string _root = Directory.CreateTempSubdirectory("emrshare-rest-soak-").FullName;
    private DemoWebNetwork? _network;
    private HttpClient? _clinician;
    private HttpClient? _patient;
    private HttpClient? _center;
    private string _localPatientId = string.Empty;
    private string _recordId = string.Empty;

    public string Name => "REST API over HTTP (demo network)";

    /// <summary>
    /// 50 req/s = 10 record creations/s (each an AES envelope, a blob, a signed manifest and an anchoring
    /// transaction, ≈ 25–40 ms of CPU) plus reads: sustainable on 2 cores next to the ledger in the same process.
    /// </summary>
    public int RequestsPerSecond => 50;

    public async Task<IReadOnlyList<SoakOperation>> StartAsync(int expectedWrites, CancellationToken cancellationToken)
    {
        _network = await DemoWebNetwork.StartAsync(new DemoWebOptions(_root) { KeystoreScryptN = 1024 }, cancellationToken);
        var credentials = _network.Credentials;
        _clinician = await SignedInAsync(_network.HospitalAWeb.BaseAddress, credentials.ClinicianA, credentials.ClinicianAPassword, cancellationToken);
        _patient = await SignedInAsync(_network.PatientWeb.BaseAddress, null, credentials.PatientPassphrase, cancellationToken);
        _center = await SignedInAsync(_network.CenterWeb.BaseAddress, credentials.CenterUser, credentials.CenterPassword, cancellationToken);
        _recordId = _network.DemoRecord?.ToString() ?? throw new InvalidOperationException("the demo network loaded no record");
        var patients = await _clinician.GetFromJsonAsync<JsonElement>("api/patients", Json, cancellationToken);
        _localPatientId = patients[0].GetProperty("localId").GetString() ?? throw new InvalidOperationException("no patient at A");
        return
        [
            new SoakOperation("POST /api/patients/{id}/records (create FHIR record)", CreateRecordAsync),
            new SoakOperation("GET /api/records/{id} (decrypt)", ReadRecordAsync),
            new SoakOperation("GET /api/records", ListRecordsAsync),
            new SoakOperation("GET /api/index (patient)", IndexAsync),
            new SoakOperation("GET /api/chain/status (Center)", ChainStatusAsync),
        ];
    }

    private async Task CreateRecordAsync(CancellationToken ct)
    {
        using var body = new ByteArrayContent(Encoding.UTF8.GetBytes(DemoWebSample.Json));
        body.Headers.ContentType = new MediaTypeHeaderValue("application/fhir+json");
        using var response = await _clinician!.PostAsync($"api/patients/{_localPatientId}/records", body, ct);
        Expect(response, HttpStatusCode.Created);
    }

    private async Task ReadRecordAsync(CancellationToken ct)
    {
        using var response = await _clinician!.GetAsync($"api/records/{_recordId}", ct);
        Expect(response, HttpStatusCode.OK);
        var detail = await response.Content.ReadFromJsonAsync<JsonElement>(Json, ct);
        if (!detail.TryGetProperty("content", out var content) || !(content.GetString() ?? string.Empty).Contains("Bundle", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("the decrypted record is not the FHIR bundle that was written");
        }
    }

    private async Task ListRecordsAsync(CancellationToken ct)
    {
        var records = await _clinician!.GetFromJsonAsync<JsonElement>("api/records", Json, ct);
        if (records.GetArrayLength() == 0)
        {
            throw new InvalidOperationException("the record list is empty");
        }
    }

    private async Task IndexAsync(CancellationToken ct)
    {
        var index = await _patient!.GetFromJsonAsync<JsonElement>("api/index", Json, ct);
        if (index.GetArrayLength() == 0)
        {
            throw new InvalidOperationException("the medical index is empty");
        }
    }

    private async Task ChainStatusAsync(CancellationToken ct)
    {
        using var response = await _center!.GetAsync("api/chain/status", ct);
        Expect(response, HttpStatusCode.OK);
    }

    private static void Expect(HttpResponseMessage response, HttpStatusCode status)
    {
        if (response.StatusCode != status)
        {
            throw new InvalidOperationException($"HTTP {(int)response.StatusCode} instead of {(int)status}");
        }
    }

    private static async Task<HttpClient> SignedInAsync(Uri baseAddress, string? username, string password, CancellationToken ct)
    {
        var client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        using var response = await client.PostAsJsonAsync("api/session/token", new SignInRequest(username, password), ct);
        response.EnsureSuccessStatusCode();
        var token = await response.Content.ReadFromJsonAsync<JsonElement>(Json, ct);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("accessToken").GetString());
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        _clinician?.Dispose();
        _patient?.Dispose();
        _center?.Dispose();
        if (_network is not null)
        {
            await _network.DisposeAsync();
        }

        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}
