using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace EmrShare.Storage.Api;

/// <summary>
/// One file or directory part of an <c>add</c> or <c>block/put</c> body, streamed. Kubo's clients send a tree as
/// parts named by path (<c>filename="dir%2Fa.txt"</c>), a directory as an empty <c>application/x-directory</c> part.
/// </summary>
internal sealed class KuboUpload : IAsyncDisposable
{
    private readonly MultipartReader _reader;

    private KuboUpload(MultipartReader reader, string name, Stream body, bool isDirectory)
    {
        _reader = reader;
        Name = name;
        Body = body;
        IsDirectory = isDirectory;
    }

    /// <summary>The part's path, percent-decoded (e.g. <c>dir/a.txt</c>).</summary>
    public string Name { get; }

    public Stream Body { get; }

    /// <summary>An <c>application/x-directory</c> part: a directory entry, no content.</summary>
    public bool IsDirectory { get; }

    /// <summary>Reads to the next file part, skipping plain fields; null at the end of the body.</summary>
    public static async Task<KuboUpload?> NextFileAsync(MultipartReader reader, CancellationToken cancellationToken)
    {
        // A malformed body (truncated part, bad part headers, over-long boundary) is the client's fault: 400.
        try
        {
            while (await reader.ReadNextSectionAsync(cancellationToken).ConfigureAwait(false) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                    || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                var fileName = HeaderUtilities.RemoveQuotes(disposition.FileName).Value;
                var isDirectory = string.Equals(section.ContentType, "application/x-directory", StringComparison.OrdinalIgnoreCase);
                var formName = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? string.Empty;
                if (string.IsNullOrEmpty(fileName) && !isDirectory && formName is not ("file" or "files"))
                {
                    continue; // a plain form field (no file name, not the "file" argument), not a file
                }

                // js clients put UnixFS metadata in the field name ("file-1?mode=0644&mtime=…"); Kubo's default add
                // does not store it, and dropping it silently would give other CIDs than the sender expects.
                if (formName.Contains('?', StringComparison.Ordinal))
                {
                    throw new KuboArgumentException("mode and mtime metadata on added entries are not supported by this store");
                }

                var name = string.IsNullOrEmpty(fileName) ? formName : fileName;
                return new KuboUpload(reader, Uri.UnescapeDataString(name), new MultipartPartStream(section.Body), isDirectory);
            }
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or ArgumentException)
        {
            throw new KuboArgumentException("malformed multipart body: " + ex.Message, ex);
        }

        return null;
    }

    /// <summary>The next file part after this one (null at the end).</summary>
    public Task<KuboUpload?> NextAsync(CancellationToken cancellationToken) => NextFileAsync(_reader, cancellationToken);

    /// <summary>For commands taking one file (block/put): a second is refused before anything is stored, never dropped.</summary>
    public async Task EnsureNoFurtherFileAsync(CancellationToken cancellationToken)
    {
        var next = await NextAsync(cancellationToken).ConfigureAwait(false);
        if (next is not null)
        {
            await next.DisposeAsync().ConfigureAwait(false);
            throw new KuboArgumentException("this command takes one file per request");
        }
    }

    public ValueTask DisposeAsync() => Body.DisposeAsync();
}
