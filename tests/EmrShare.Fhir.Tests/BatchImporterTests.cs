using System.Text;
using EmrShare.Fhir.Adapters;
using EmrShare.Fhir.Import;
using Bundle = Hl7.Fhir.Model.Bundle;

namespace EmrShare.Fhir.Tests;

public sealed class BatchImporterTests
{
    private sealed class RecordingProgress : IProgress<ImportProgress>
    {
        public List<ImportProgress> Reports { get; } = [];

        public void Report(ImportProgress value) => Reports.Add(value);
    }

    [Fact]
    public async Task ImportFolderAsync_SamplesPlusBrokenFiles_ReportsEachAndImportsTheRest()
    {
        var folder = Directory.CreateTempSubdirectory("emrshare-hl7-");
        try
        {
            foreach (var file in Directory.GetFiles(SampleData.Hl7Folder))
            {
                File.Copy(file, Path.Combine(folder.FullName, Path.GetFileName(file)));
            }

            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "z_broken.hl7"), "PID|1||X\rPV1|1|I", TestContext.Current.CancellationToken);
            await File.WriteAllBytesAsync(Path.Combine(folder.FullName, "z_utf16.hl7"), Encoding.Unicode.GetBytes("MSH|^~\\&|A|B|||2024||ADT^A01|C1|P|2.5"), TestContext.Current.CancellationToken);
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "ignored.pdf"), "not a message", TestContext.Current.CancellationToken);

            var stored = new List<ImportedRecord>();
            var progress = new RecordingProgress();
            var report = await new BatchImporter(new Hl7V2Adapter()).ImportFolderAsync(
                folder.FullName,
                (record, _) => { stored.Add(record); return ValueTask.CompletedTask; },
                progress,
                TestContext.Current.CancellationToken);

            Assert.Equal((7, 5, 2), (report.Total, report.Succeeded, report.Failed));
            Assert.Equal(["z_broken.hl7", "z_utf16.hl7"], report.Failures.Select(f => f.Source));
            Assert.All(report.Failures, f => Assert.Equal("Hl7ParseException", f.ErrorType));
            Assert.Equal(5, stored.Count);
            Assert.Equal(Enumerable.Range(1, 7), progress.Reports.Select(p => p.Processed));
            Assert.Equal((5, 2), (progress.Reports[^1].Succeeded, progress.Reports[^1].Failed));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task ImportFolderAsync_HospitalALegacyFolderToHospitalBFhirJson_SameFactsEverywhere()
    {
        // Hospital A imports its legacy HL7 v2 folder; each record travels as canonical FHIR JSON; hospital B
        // parses and validates it with its own codec. Codes, values, units and dates must match on both sides.
        var atA = new List<ImportedRecord>();
        var report = await new BatchImporter(EmrAdapterRegistry.CreateDefault().Get("hl7v2")).ImportFolderAsync(
            SampleData.Hl7Folder,
            (record, _) => { atA.Add(record); return ValueTask.CompletedTask; },
            null,
            TestContext.Current.CancellationToken);
        Assert.Equal((5, 0), (report.Succeeded, report.Failed));

        var hospitalB = EmrAdapterRegistry.CreateDefault().Get("fhir+json");
        foreach (var record in atA)
        {
            var wire = EmrAdapterRegistry.CreateDefault().Get("fhir+json").FromFhir(record.Record.Resource);
            var atB = Codec.FhirCodec.Clinical.ParseRecord(hospitalB.FromFhir(hospitalB.ToFhir(wire)), Codec.FhirFormats.JsonContentType);
            Assert.Equal(record.Record.Summary.Entries, atB.Summary.Entries);
            Assert.Equal(record.Record.Summary.Codes, atB.Summary.Codes);
            Assert.Equal(Codec.FhirCodec.Clinical.Serialize(record.Record.Resource, Codec.FhirFormat.Json), Codec.FhirCodec.Clinical.Serialize(atB.Resource, Codec.FhirFormat.Json));
        }
    }

    [Fact]
    public async Task ImportStreamAsync_MllpStreamWithOneBadMessage_BadOneNeverReachesTheSink()
    {
        var good = SampleData.Hl7("oru_r01.hl7");
        var bad = Encoding.ASCII.GetBytes("MSH|^~\\&|A|B|||2024||ORU^R01|C2|P|2.5\rPID|1||X\rOBR|1|||1-1^x^LN\rOBX|1|NM|1-1^x^LN||5||||||F\rOBX|2|NM|1-2^y^LN||oops||||||F\r");
        byte[] stream = [0x0B, .. good, 0x1C, 0x0D, 0x0B, .. bad, 0x1C, 0x0D, 0x0B, .. SampleData.Hl7("adt_a04.hl7"), 0x1C, 0x0D];
        var stored = new List<ImportedRecord>();
        var report = await new BatchImporter(new Hl7V2Adapter()).ImportStreamAsync(
            new MemoryStream(stream),
            "mllp-capture",
            (record, _) => { stored.Add(record); return ValueTask.CompletedTask; },
            null,
            TestContext.Current.CancellationToken);

        Assert.Equal((3, 2), (report.Total, report.Succeeded));
        var failure = Assert.Single(report.Failures);
        Assert.Equal("mllp-capture#2", failure.Source);
        Assert.Contains("OBX-5", failure.Message, StringComparison.Ordinal);

        // The first OBX of the bad message was fine, yet nothing of that message was stored.
        Assert.DoesNotContain(stored, r => ((Bundle)r.Record.Resource).Identifier?.Value == "C2");
    }

    [Fact]
    public async Task ImportAsync_TextBatchFile_SplitOnMshAndEnvelopesDropped()
    {
        var batch = "FHS|^~\\&\rBHS|^~\\&\r" + Encoding.UTF8.GetString(SampleData.Hl7("adt_a04.hl7")).Replace('\n', '\r') + Encoding.UTF8.GetString(SampleData.Hl7("oru_r01.hl7")) + "BTS|2\rFTS|1\r";
        var items = Hl7v2.Hl7BatchSplitter.Split(Encoding.UTF8.GetBytes(batch));
        Assert.Equal(2, items.Count);
        var report = await new BatchImporter(new Hl7V2Adapter()).ImportAsync(
            items.Select((m, i) => new ImportItem($"batch#{i + 1}", m)).ToList(),
            (_, _) => ValueTask.CompletedTask,
            null,
            TestContext.Current.CancellationToken);
        Assert.Equal(2, report.Succeeded);
    }

    [Fact]
    public async Task ImportAsync_SinkThrows_RecordedAndBatchContinues()
    {
        var items = new[] { new ImportItem("a", SampleData.Hl7("adt_a04.hl7")), new ImportItem("b", SampleData.Hl7("adt_a08.hl7")) };
        var calls = 0;
        var report = await new BatchImporter(new Hl7V2Adapter()).ImportAsync(
            items,
            (_, _) => ++calls == 1 ? throw new IOException("disk full") : ValueTask.CompletedTask,
            null,
            TestContext.Current.CancellationToken);
        Assert.Equal((1, "IOException"), (report.Succeeded, Assert.Single(report.Failures).ErrorType));
    }

    [Fact]
    public async Task ImportAsync_Cancelled_Throws()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new BatchImporter(new Hl7V2Adapter()).ImportAsync(
            [new ImportItem("a", SampleData.Hl7("adt_a04.hl7"))], (_, _) => ValueTask.CompletedTask, null, cts.Token));
    }
}
