using EmrShare.Fhir.Adapters;
using EmrShare.Fhir.Hl7v2;
using EmrShare.Fhir.Records;

namespace EmrShare.Fhir.Import;

/// <summary>
/// Imports many messages through one adapter. Each message is converted completely (adapter + validation)
/// before the sink sees it, so a failing message is never half-imported; its error is recorded and the batch
/// goes on. Only cancellation stops a batch.
/// </summary>
public sealed class BatchImporter(IEmrFormatAdapter adapter)
{
    public delegate ValueTask RecordSink(ImportedRecord record, CancellationToken cancellationToken);

    public async Task<ImportReport> ImportAsync(
        IReadOnlyList<ImportItem> items,
        RecordSink sink,
        IProgress<ImportProgress>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(sink);
        var failures = new List<ImportFailure>();
        var succeeded = 0;
        for (var i = 0; i < items.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var item = items[i];
            try
            {
                var resource = adapter.ToFhir(item.Content);
                await sink(new ImportedRecord(item.Source, ClinicalRecord.From(resource)), cancellationToken);
                succeeded++;
            }
            catch (EmrFormatException e)
            {
                failures.Add(new ImportFailure(item.Source, e.GetType().Name, e.Message));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A defect in an adapter or a failing sink must not stop the remaining messages.
                failures.Add(new ImportFailure(item.Source, e.GetType().Name, e.Message));
            }

            progress?.Report(new ImportProgress(i + 1, items.Count, succeeded, failures.Count, item.Source));
        }

        return new ImportReport(items.Count, succeeded, failures);
    }

    /// <summary>Every file of the adapter's extensions in <paramref name="folder"/> (sorted by name); HL7 files may hold many messages.</summary>
    public async Task<ImportReport> ImportFolderAsync(string folder, RecordSink sink, IProgress<ImportProgress>? progress, CancellationToken cancellationToken)
    {
        var items = new List<ImportItem>();
        var files = Directory.EnumerateFiles(folder)
            .Where(f => adapter.FileExtensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var content = await File.ReadAllBytesAsync(file, cancellationToken);
            items.AddRange(Split(Path.GetFileName(file), content));
        }

        return await ImportAsync(items, sink, progress, cancellationToken);
    }

    /// <summary>Reads a whole stream (e.g. an MLLP capture) and imports every message in it.</summary>
    public async Task<ImportReport> ImportStreamAsync(Stream stream, string name, RecordSink sink, IProgress<ImportProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken);
        return await ImportAsync(Split(name, buffer.ToArray()), sink, progress, cancellationToken);
    }

    private List<ImportItem> Split(string name, byte[] content)
    {
        if (adapter.Format != Hl7V2Adapter.FormatName)
        {
            return [new ImportItem(name, content)];
        }

        var messages = Hl7BatchSplitter.Split(content);
        if (messages.Count == 0)
        {
            return [new ImportItem(name, content)];
        }

        return messages.Count == 1
            ? [new ImportItem(name, messages[0])]
            : messages.Select((m, i) => new ImportItem($"{name}#{i + 1}", m)).ToList();
    }
}
