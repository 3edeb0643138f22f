using EmrShare.Core.IO;
using System.Globalization;
using EmrShare.Core;
using EmrShare.Fhir.Adapters;
using EmrShare.Fhir.Hl7v2;
using EmrShare.Fhir.Import;
using EmrShare.Nodes.Hospital;
using Hl7.Fhir.Model;
using Hl7.Fhir.Utility;

namespace EmrShare.Cli.Commands;

/// <summary>A message A's legacy system delivered and what came of it: the batch report and the record stored.</summary>
internal sealed record DemoImport(ImportReport Report, RecordCreated? Record);

/// <summary>
/// The two hospitals' native formats in the demo: A's legacy lab system drops HL7 v2 messages into a folder that A
/// imports through the <c>hl7v2</c> adapter (stored as canonical FHIR JSON); B exports what it receives as FHIR
/// JSON files. Facts are compared as "code value unit" lines so the console shows both sides agree.
/// </summary>
internal sealed class DemoEmrFormats(string dataDirectory)
{
    private const string FhirJson = "application/fhir+json";
    private readonly EmrAdapterRegistry _adapters = EmrAdapterRegistry.CreateDefault();

    public string Inbox => Path.Combine(dataDirectory, "hospital-A", "legacy-inbox");

    public string ExportFolder => Path.Combine(dataDirectory, "hospital-B", "fhir-export");

    /// <summary>
    /// Writes the message into A's legacy folder, then imports that file: each message is converted and validated
    /// completely before <paramref name="store"/> gets its FHIR JSON, and a bad one is only reported.
    /// </summary>
    public async Task<DemoImport> ImportAtAAsync(string fileName, byte[] message, Func<byte[], string, CancellationToken, Task<RecordCreated>> store, CancellationToken ct)
    {
        var path = Path.Combine(Inbox, fileName);
        await PrivateFiles.WriteAllBytesAsync(path, message, ct).ConfigureAwait(false);
        RecordCreated? created = null;
        var json = _adapters.Get(FhirAdapter.JsonFormat);
        await using var stream = File.OpenRead(path);
        var report = await new BatchImporter(_adapters.Get(Hl7V2Adapter.FormatName)).ImportStreamAsync(stream, fileName, async (imported, token) =>
        {
            created = await store(json.FromFhir(imported.Record.Resource), FhirJson, token).ConfigureAwait(false);
        }, null, ct).ConfigureAwait(false);
        return new DemoImport(report, created);
    }

    /// <summary>B decrypts the newest version it holds and writes it as a FHIR JSON file (its native format).</summary>
    public async Task<(string Path, Bundle Bundle)> ExportAtBAsync(HospitalService b, RecordId recordId, CancellationToken ct)
    {
        var read = (await b.Reader.ReadAsync(recordId, Hospital.HospitalReadCommand.CliReader(b, 0, "demo export"), ct).ConfigureAwait(false)).Record;
        var format = read.ContentType.Contains("xml", StringComparison.OrdinalIgnoreCase) ? FhirAdapter.XmlFormat : FhirAdapter.JsonFormat;
        var resource = _adapters.Get(format).ToFhir(read.Content);
        if (resource is not Bundle bundle)
        {
            throw new InvalidOperationException($"the demo record is a Bundle, B received a {resource.TypeName}");
        }

        var path = Path.Combine(ExportFolder, $"{recordId}-v{read.Version.ToString(CultureInfo.InvariantCulture)}.json");
        await PrivateFiles.WriteAllBytesAsync(path, _adapters.Get(FhirAdapter.JsonFormat).FromFhir(bundle), ct).ConfigureAwait(false);
        return (path, bundle);
    }

    /// <summary>B's own amendment, made in its native FHIR JSON: a review note on the first result.</summary>
    public byte[] ReviewedAtB(Bundle received)
    {
        var copy = (Bundle)received.DeepCopy();
        var first = copy.Entry.Select(e => e.Resource).OfType<Observation>().First();
        first.Note.Add(new Annotation { Text = "Reviewed at Hospital B" });
        return _adapters.Get(FhirAdapter.JsonFormat).FromFhir(copy);
    }

    /// <summary>Numeric results as A's HL7 message states them (OBX-3.1, OBX-5 with SN comparator, OBX-6.1).</summary>
    public static IReadOnlyList<string> Hl7Facts(byte[] message) =>
        Hl7Parser.Parse(message).All("OBX")
            .Where(obx => obx.Field(2).Value is "NM" or "SN")
            .Select(obx => obx.Field(2).Value == "SN"
                ? Fact(obx.Field(3).Component(1), obx.Field(5).Component(1) + obx.Field(5).Component(2), obx.Field(6).Component(1))
                : Fact(obx.Field(3).Component(1), obx.Field(5).Value, obx.Field(6).Component(1)))
            .ToList();

    /// <summary>The same results as B's FHIR Observations carry them (code, comparator + value, UCUM code).</summary>
    public static IReadOnlyList<string> FhirFacts(Bundle bundle) =>
        bundle.Entry.Select(e => e.Resource).OfType<Observation>()
            .Select(o => (o.Code?.Coding.FirstOrDefault()?.Code, Quantity: o.Value as Quantity))
            .Where(x => x.Quantity is not null)
            .Select(x => Fact(x.Code, (x.Quantity!.Comparator?.GetLiteral() ?? string.Empty) + x.Quantity.Value?.ToString(CultureInfo.InvariantCulture), x.Quantity.Code))
            .ToList();

    private static string Fact(string? code, string value, string? unit) => $"{code} {value} {unit}";
}
