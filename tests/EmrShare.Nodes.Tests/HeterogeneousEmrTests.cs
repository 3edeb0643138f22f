using System.Globalization;
using System.Text;
using EmrShare.Fhir.Adapters;
using EmrShare.Fhir.Hl7v2;
using EmrShare.Fhir.Import;
using EmrShare.Nodes.Tests.Support;
using EmrShare.TestSupport;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;

namespace EmrShare.Nodes.Tests;

/// <summary>
/// Issue 8 end to end: Hospital A's legacy system speaks HL7 v2, Hospital B's speaks FHIR JSON. A converts,
/// stores and anchors; the record crosses the real chain workflow; B exports it natively. The expected facts
/// come from parsing the HL7 message here, never from the converter's output.
/// </summary>
public sealed class HeterogeneousEmrTests(HardhatFixture chain) : IClassFixture<HardhatFixture>
{
    private const string FhirJson = "application/fhir+json";
    private static readonly EmrAdapterRegistry Adapters = EmrAdapterRegistry.CreateDefault();

    [Fact]
    public async Task ShareOru_Hl7AtAFhirJsonAtB_EveryObxFactEqualOnBothSides()
    {
        var ct = TestContext.Current.CancellationToken;
        var hl7 = await File.ReadAllBytesAsync(SamplePath("oru_r01.hl7"), ct);
        var expected = Hl7Facts.Results(Hl7Parser.Parse(hl7));
        Assert.Equal(6, expected.Count); // positive control: the sample's OBX segments were all read

        await using var net = await NodeNetwork.StartAsync(chain.Endpoint, ct);
        var (atA, atB) = await ShareAsync(net, Adapters.Get("hl7v2").ToFhir(hl7), ct);

        Assert.Equal(expected, FhirFacts.Results(atA));
        Assert.Equal(expected, FhirFacts.Results(atB));
        var pid = Hl7Parser.Parse(hl7).Required("PID").Field(3);
        var patient = Assert.Single(atB.Entry.Select(e => e.Resource).OfType<Hl7.Fhir.Model.Patient>());
        Assert.Contains(patient.Identifier, i => i.Value == pid.Component(1) && i.System == "urn:oid:" + pid.Sub(4, 2));
        var reportCodes = Hl7Parser.Parse(hl7).All("OBR").Select(o => o.Field(4).Component(1)).ToList();
        Assert.Equal(reportCodes, atB.Entry.Select(e => e.Resource).OfType<DiagnosticReport>().Select(r => r.Code.Coding[0].Code));
    }

    [Fact]
    public async Task ShareAdt_Hl7AtAFhirJsonAtB_PatientDiagnosisAndVisitEqual()
    {
        var ct = TestContext.Current.CancellationToken;
        var hl7 = await File.ReadAllBytesAsync(SamplePath("adt_a01.hl7"), ct);
        var message = Hl7Parser.Parse(hl7);
        var pid = message.Required("PID");
        var dg1 = message.Required("DG1");

        await using var net = await NodeNetwork.StartAsync(chain.Endpoint, ct);
        var (_, atB) = await ShareAsync(net, Adapters.Get("hl7v2").ToFhir(hl7), ct);

        var resources = atB.Entry.Select(e => e.Resource).ToList();
        var patient = Assert.Single(resources.OfType<Hl7.Fhir.Model.Patient>());
        Assert.Equal(pid.Field(3).Repetitions.Select(r => r.Component(1)), patient.Identifier.Select(i => i.Value));
        Assert.Equal(pid.Field(5).Sub(1, 1), patient.Name[0]!.Family);
        Assert.Equal(Hl7Facts.Date(pid.Field(7).Value), patient.BirthDate);
        var condition = Assert.Single(resources.OfType<Condition>());
        Assert.Equal((dg1.Field(3).Component(1), "http://hl7.org/fhir/sid/icd-10"), (condition.Code!.Coding[0].Code, condition.Code.Coding[0].System));
        var encounter = Assert.Single(resources.OfType<Encounter>());
        Assert.Equal(Hl7Facts.Date(message.Required("PV1").Field(44).Value), FhirFacts.Date(encounter.Period!.StartElement));
    }

    [Fact]
    public async Task ImportFolder_GoodAndMalformedMessages_GoodSharedBadReportedAndNothingStored()
    {
        var ct = TestContext.Current.CancellationToken;
        var folder = Directory.CreateTempSubdirectory("emrshare-legacy-").FullName;
        try
        {
            var good = await File.ReadAllBytesAsync(SamplePath("oru_r01.hl7"), ct);
            var text = Encoding.UTF8.GetString(good);
            await File.WriteAllBytesAsync(Path.Combine(folder, "a_good.hl7"), good, ct);
            // The defect sits in the third OBX, after two good ones: a half-import would store those.
            await File.WriteAllTextAsync(Path.Combine(folder, "b_not_a_number.hl7"), text.Replace("||38|mg/dL", "||thirty-eight|mg/dL", StringComparison.Ordinal), ct);
            await File.WriteAllTextAsync(Path.Combine(folder, "c_no_msh.hl7"), text[text.IndexOf("PID|", StringComparison.Ordinal)..], ct);
            await File.WriteAllTextAsync(Path.Combine(folder, "ignored.pdf"), "not an HL7 file", ct);

            await using var net = await NodeNetwork.StartAsync(chain.Endpoint, ct);
            var visit = await net.VisitAsync(net.A, ct);
            var created = new List<Core.RecordId>();
            var progress = new ListProgress();
            var report = await new BatchImporter(Adapters.Get("hl7v2")).ImportFolderAsync(folder, async (imported, token) =>
            {
                var json = Adapters.Get("fhir+json").FromFhir(imported.Record.Resource);
                created.Add((await net.A.CreateRecordAsync(visit.LocalPatientId, json, FhirJson, net.A.Keys.PractitionerAddresses[0], token)).RecordId);
            }, progress, ct);

            Assert.Equal((3, 1, 2), (report.Total, report.Succeeded, report.Failed));
            Assert.Equal(["b_not_a_number.hl7", "c_no_msh.hl7"], report.Failures.Select(f => f.Source));
            Assert.All(report.Failures, f => Assert.Equal(nameof(Hl7ParseException), f.ErrorType));
            Assert.Contains("OBX-5", report.Failures[0].Message, StringComparison.Ordinal);
            Assert.Contains("MSH", report.Failures[1].Message, StringComparison.Ordinal);
            Assert.DoesNotContain("thirty-eight", report.Failures[0].Message, StringComparison.Ordinal);
            Assert.Equal([1, 2, 3], progress.Items.Select(p => p.Processed));
            var stored = await net.A.Database.ListRecordsAsync(ct);
            Assert.Equal(created.Select(r => r.ToString()), stored.Select(r => r.RecordId));
            Assert.Single(await net.A.Database.ListAuditAsync(ct), a => a.Kind == "create");

            await net.Patient.CollectRecordsAsync(visit, ct);
            var visitB = await net.VisitAsync(net.B, ct);
            var grant = await net.Patient.GrantAsync(visitB, net.A.Address, [created[0]], NodeNetwork.InAWeek, ct);
            await net.B.RequestRecordAsync(grant.GrantId, created[0], ct);
            var atB = (Bundle)Adapters.Get("fhir+json").ToFhir((await net.B.ReadRecordAsync(created[0], ct)).Content);
            Assert.Equal(Hl7Facts.Results(Hl7Parser.Parse(good)), FhirFacts.Results(atB));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Demo_Hl7AtAFhirJsonAtB_ImportsFromInboxExportsJsonAndShowsSameFacts()
    {
        var ct = TestContext.Current.CancellationToken;
        var data = Path.Combine(Path.GetTempPath(), "emrshare-demo-hetero-" + Guid.NewGuid().ToString("N"));
        try
        {
            var (exitCode, text) = await EmrshareCli.RunAsync(["demo", "--data", data], ct);
            Assert.True(exitCode == 0, text);
            Assert.Equal(2, text.Split("same facts").Length - 1);
            Assert.DoesNotContain("FACTS DIFFER", text, StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(data, "hospital-A", "legacy-inbox", "oru_r01.hl7")));
            var exports = Directory.GetFiles(Path.Combine(data, "hospital-B", "fhir-export"), "*.json").Order(StringComparer.Ordinal).ToList();
            Assert.Equal(2, exports.Count);
            var v1 = (Bundle)Adapters.Get("fhir+json").ToFhir(await File.ReadAllBytesAsync(exports[0], ct));
            Assert.Equal(Hl7Facts.Results(Hl7Parser.Parse(await File.ReadAllBytesAsync(SamplePath("oru_r01.hl7"), ct))), FhirFacts.Results(v1));
            var v2 = (Bundle)Adapters.Get("fhir+json").ToFhir(await File.ReadAllBytesAsync(exports[1], ct));
            var corrected = Assert.IsType<Quantity>(v2.Entry.Select(e => e.Resource).OfType<Observation>().First().Value);
            Assert.Equal(190m, corrected.Value); // the lab's HL7 correction reached B as version 2
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (Directory.Exists(data))
            {
                Directory.Delete(data, recursive: true);
            }
        }
    }

    /// <summary>A stores the FHIR JSON of the converted bundle; the record is granted to B, fetched, read and exported.</summary>
    private static async Task<(Bundle AtA, Bundle AtB)> ShareAsync(NodeNetwork net, Resource converted, CancellationToken ct)
    {
        var json = Adapters.Get("fhir+json").FromFhir(converted);
        var visitA = await net.VisitAsync(net.A, ct);
        var created = await net.A.CreateRecordAsync(visitA.LocalPatientId, json, FhirJson, net.A.Keys.PractitionerAddresses[0], ct);
        await net.Patient.CollectRecordsAsync(visitA, ct);
        var visitB = await net.VisitAsync(net.B, ct);
        var grant = await net.Patient.GrantAsync(visitB, net.A.Address, [created.RecordId], NodeNetwork.InAWeek, ct);
        var received = await net.B.RequestRecordAsync(grant.GrantId, created.RecordId, ct);
        Assert.Equal(created.Cid, received.Cid);

        var read = await net.B.ReadRecordAsync(created.RecordId, ct);
        Assert.Equal(FhirJson, read.ContentType);
        var exported = Adapters.Get("fhir+json").FromFhir(Adapters.Get("fhir+json").ToFhir(read.Content));
        var atA = (Bundle)Adapters.Get("fhir+json").ToFhir((await net.A.ReadRecordAsync(created.RecordId, ct)).Content);
        return (atA, (Bundle)Adapters.Get("fhir+json").ToFhir(exported));
    }

    private static string SamplePath(string file) => Path.Combine(RepoPaths.Root, "samples", "hl7v2", file);

    private sealed class ListProgress : IProgress<ImportProgress>
    {
        public List<ImportProgress> Items { get; } = [];

        public void Report(ImportProgress value) => Items.Add(value);
    }
}

/// <summary>The clinical facts of one result, comparable across formats (decimals compare by value, dates as ISO text).</summary>
internal sealed record ResultFact(string Code, string System, string? Comparator, decimal? Quantity, string? Text, string? Unit, string? UnitSystem,
    decimal? RangeLow, decimal? RangeHigh, string? RangeText, string? Flag, string? Effective);

/// <summary>Reads the expected facts straight from HL7 v2 segments (HL7 table 0396 names → FHIR URIs written out here).</summary>
internal static class Hl7Facts
{
    private static readonly Dictionary<string, string> Systems = new(StringComparer.Ordinal)
    {
        ["LN"] = "http://loinc.org",
        ["SCT"] = "http://snomed.info/sct",
        ["UCUM"] = "http://unitsofmeasure.org",
    };

    public static List<ResultFact> Results(Hl7Message message)
    {
        var facts = new List<ResultFact>();
        string? obrTime = null;
        foreach (var segment in message.Segments)
        {
            if (segment.Name == "OBR")
            {
                obrTime = segment.Field(7).Value;
            }
            else if (segment.Name == "OBX")
            {
                facts.Add(Result(segment, obrTime));
            }
        }

        return facts;
    }

    private static ResultFact Result(Hl7Segment obx, string? obrTime)
    {
        var value = obx.Field(5);
        var unit = obx.Field(6);
        (string? Comparator, decimal? Number, string? Text) parsed = obx.Field(2).Value switch
        {
            "NM" => (null, Decimal(value.Value), null),
            "SN" => (value.Component(1), Decimal(value.Component(2)), null),
            "CWE" or "CE" => (null, null, $"{Systems[value.Component(3)]}|{value.Component(1)}"),
            _ => (null, null, value.Value),
        };
        var (comparator, number, text) = parsed;
        var range = obx.Field(7).Value;
        decimal? low = null, high = null;
        if (range.StartsWith('<'))
        {
            high = Decimal(range[1..]);
        }
        else if (range.Contains('-', StringComparison.Ordinal))
        {
            low = Decimal(range[..range.IndexOf('-', StringComparison.Ordinal)]);
            high = Decimal(range[(range.IndexOf('-', StringComparison.Ordinal) + 1)..]);
        }

        var effective = obx.Field(14).Value is { Length: > 0 } own ? own : obrTime;
        return new ResultFact(obx.Field(3).Component(1), Systems[obx.Field(3).Component(3)], comparator, number, text,
            Empty(unit.Component(1)), unit.IsEmpty ? null : Systems[unit.Component(3)], low, high, Empty(range), Empty(obx.Field(8).Value), Date(effective));
    }

    /// <summary>HL7 TS → ISO text: date-only stays a date, a time becomes a round-trip ("o") timestamp with its offset.</summary>
    public static string? Date(string? ts)
    {
        if (string.IsNullOrEmpty(ts))
        {
            return null;
        }

        if (ts.Length == 8)
        {
            return DateTime.ParseExact(ts, "yyyyMMdd", CultureInfo.InvariantCulture).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }

        // e.g. 200903031426+1000: .NET wants the zone as +10:00.
        var zone = ts[^5..];
        var local = DateTime.ParseExact(ts[..^5], ["yyyyMMddHHmm", "yyyyMMddHHmmss"], CultureInfo.InvariantCulture, DateTimeStyles.None);
        var offset = new TimeSpan(int.Parse(zone[1..3], CultureInfo.InvariantCulture), int.Parse(zone[3..], CultureInfo.InvariantCulture), 0);
        return new DateTimeOffset(local, zone[0] == '-' ? -offset : offset).ToString("o", CultureInfo.InvariantCulture);
    }

    private static decimal Decimal(string text) => decimal.Parse(text, CultureInfo.InvariantCulture);

    private static string? Empty(string text) => text.Length == 0 ? null : text;
}

/// <summary>The same facts read from FHIR Observations, in Bundle order.</summary>
internal static class FhirFacts
{
    public static List<ResultFact> Results(Bundle bundle) =>
        bundle.Entry.Select(e => e.Resource).OfType<Observation>().Select(Result).ToList();

    public static string? Date(FhirDateTime? value)
    {
        var text = value?.Value;
        return text is null || !text.Contains('T', StringComparison.Ordinal)
            ? text
            : DateTimeOffset.Parse(text, CultureInfo.InvariantCulture).ToString("o", CultureInfo.InvariantCulture);
    }

    private static ResultFact Result(Observation o)
    {
        var coding = o.Code.Coding[0];
        var quantity = o.Value as Quantity;
        var text = o.Value switch
        {
            CodeableConcept cc => $"{cc.Coding[0].System}|{cc.Coding[0].Code}",
            FhirString s => s.Value,
            _ => null,
        };
        var range = o.ReferenceRange.FirstOrDefault();
        string? comparator = quantity?.Comparator is { } c ? Hl7.Fhir.Utility.EnumUtility.GetLiteral(c) : null;
        return new ResultFact(coding.Code ?? string.Empty, coding.System ?? string.Empty, comparator, quantity?.Value, text, quantity?.Code, quantity?.System,
            range?.Low?.Value, range?.High?.Value, range?.Text, o.Interpretation.FirstOrDefault()?.Coding[0].Code, Date(o.Effective as FhirDateTime));
    }
}
