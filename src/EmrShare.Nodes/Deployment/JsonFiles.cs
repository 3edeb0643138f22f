using EmrShare.Core.IO;
using System.Text.Json;
using EmrShare.Nodes.Transport;

namespace EmrShare.Nodes.Deployment;

/// <summary>
/// Reads and writes the small JSON files actors hand each other (deployment, peers, registration requests,
/// signed revocations). A missing or malformed file is a <see cref="DeploymentFileException"/> naming the file,
/// never a parser stack trace. Writes go through a temp file so a reader never sees half a file.
/// </summary>
public static class JsonFiles
{
    private static readonly JsonSerializerOptions Indented = new(NodeJson.Options) { WriteIndented = true };

    public static async Task<T> ReadAsync<T>(string path, string what, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            throw new DeploymentFileException($"{what} file not found: {path}");
        }

        try
        {
            await using var stream = File.OpenRead(path);
            return await JsonSerializer.DeserializeAsync<T>(stream, NodeJson.Options, cancellationToken).ConfigureAwait(false)
                ?? throw new DeploymentFileException($"{what} file is empty: {path}");
        }
        catch (Exception ex) when (ex is JsonException or FormatException or ArgumentException or EmrShare.Core.EmrShareSecurityException)
        {
            throw new DeploymentFileException($"{what} file is not valid: {path} ({ex.Message})", ex);
        }
    }

    public static async Task WriteAsync<T>(string path, T value, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        await PrivateFiles.WriteAllBytesAsync(path, JsonSerializer.SerializeToUtf8Bytes(value, Indented), cancellationToken).ConfigureAwait(false);
    }
}
