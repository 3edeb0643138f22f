using System.Globalization;
using System.Text;
using EmrShare.Chain;
using EmrShare.Nodes.Chain;
using EmrShare.Nodes.Hospital;
using EmrShare.Nodes.Transport;
using EmrShare.Reliability.HospitalHost;

// A hospital node for the kill -9 tests: opens a HospitalService on --data (keys and deployment from the
// arguments, chain over JSON-RPC). Create mode (--patient): creates records for that patient with --workers
// parallel loops and prints "ack <recordId> <version> <cid> <commitment> <tx>" once a create has returned (DB row
// committed). Serve mode (--serve <endpointPort>,<storePort>): the custodian of a share — its access-request
// watcher fulfils requests from chain events, its endpoint is served over HTTP and its blob store over the
// Kubo-compatible API; prints "ready". Both run until killed. Argument errors exit 2; keys are never printed.
var values = new Dictionary<string, string>(StringComparer.Ordinal);
for (var i = 0; i + 1 < args.Length; i += 2)
{
    values[args[i]] = args[i + 1];
}

var serve = values.TryGetValue("--serve", out var ports);
string[] required = serve
    ? ["--rpc", "--data", "--account", "--encryption", "--practitioner", "--addresses"]
    : ["--rpc", "--data", "--account", "--encryption", "--practitioner", "--addresses", "--patient"];
if (required.Any(r => !values.ContainsKey(r)))
{
    Console.Error.WriteLine("usage: emrshare-hospital-host " + string.Join(' ', required.Select(r => r + " <value>")) + " [--workers n]");
    return 2;
}

var a = values["--addresses"].Split(',');
var addresses = new EmrShareAddresses(a[0], a[1], a[2], a[3]);
var keys = new HospitalKeys(values["--account"], values["--encryption"], [values["--practitioner"]]);
var access = ChainAccess.ForRpc(new Uri(values["--rpc"]), 31337);
var workers = int.Parse(values.GetValueOrDefault("--workers", "4"), CultureInfo.InvariantCulture);
var options = new HospitalOptions(values.GetValueOrDefault("--name", "K"), values["--data"], keys, access, addresses, new HospitalDirectory());
if (serve)
{
    var (endpointPort, storePort) = ServeMode.ParsePorts(ports!);
    await ServeMode.RunAsync(options, endpointPort, storePort);
    return 0;
}

await using var hospital = await HospitalService.OpenAsync(options, CancellationToken.None);
var practitioner = keys.PractitionerAddresses[0];
var patient = values["--patient"];
Console.WriteLine("ready");
var output = new Lock();

var loops = Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
{
    for (var n = 0; ; n++)
    {
        var content = Encoding.UTF8.GetBytes(Sample.Bundle(w, n));
        try
        {
            var created = await hospital.CreateRecordAsync(patient, content, "application/fhir+json", practitioner, CancellationToken.None);
            lock (output)
            {
                Console.WriteLine($"ack {created.RecordId} {created.Version} {created.Cid} {created.Commitment} {created.Anchor.TransactionHash}");
            }
        }
        catch (Exception ex)
        {
            lock (output)
            {
                Console.WriteLine($"error {ex.GetType().Name}");
            }

            await Task.Delay(100);
        }
    }
})).ToArray();
await Task.WhenAll(loops);
return 0;

/// <summary>A small valid FHIR Observation bundle, distinct per worker and iteration.</summary>
internal static class Sample
{
    public static string Bundle(int worker, int n) =>
        "{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[{\"fullUrl\":\"urn:uuid:" + Guid.NewGuid() + "\",\"resource\":{" +
        "\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"4548-4\"}]}," +
        "\"valueQuantity\":{\"value\":" + (5 + worker + (n % 50 / 10.0)).ToString(CultureInfo.InvariantCulture) + ",\"unit\":\"%\",\"system\":\"http://unitsofmeasure.org\",\"code\":\"%\"}}}]}";
}
