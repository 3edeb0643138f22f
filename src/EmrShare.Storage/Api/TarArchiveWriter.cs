using System.Buffers;
using System.Globalization;
using System.Text;

namespace EmrShare.Storage.Api;

/// <summary>
/// The tar stream Kubo's <c>get</c> sends (Go's archive/tar as boxo's TarWriter drives it): USTAR headers, a PAX
/// "path" record before any name longer than 100 bytes, directories mode 0777, files 0644, then two zero blocks.
/// Streams: a file's size comes from its UnixFS root, so no entry is buffered.
/// </summary>
internal sealed class TarArchiveWriter(Stream output, DateTimeOffset modified)
{
    private const int Block = 512;
    private const long MaxOctalSize = 1L << 33;

    public Task WriteDirectoryAsync(string path, CancellationToken ct) => WriteHeaderAsync(path, 0, '5', "0000777", ct);

    public async Task WriteFileAsync(string path, long size, Stream content, CancellationToken ct)
    {
        await WriteHeaderAsync(path, size, '0', "0000644", ct).ConfigureAwait(false);
        var copied = await CopyAsync(content, size, ct).ConfigureAwait(false);
        if (copied != size)
        {
            throw new DagPb.DagFormatException($"file {path} holds {copied} bytes but its root declares {size}");
        }

        await PadAsync(size, ct).ConfigureAwait(false);
    }

    public Task WriteSymlinkAsync(string path, string target, CancellationToken ct) => WriteHeaderAsync(path, 0, '2', "0000777", ct, target);

    public async Task FinishAsync(CancellationToken ct) => await output.WriteAsync(new byte[Block * 2], ct).ConfigureAwait(false);

    private async Task WriteHeaderAsync(string path, long size, char type, string mode, CancellationToken ct, string linkName = "")
    {
        var name = Encoding.UTF8.GetBytes(path);
        var link = Encoding.UTF8.GetBytes(linkName);
        // USTAR's size field holds 11 octal digits (< 8 GiB); beyond that, as Go does, a PAX "size" record carries it.
        var hugeSize = size >= MaxOctalSize;
        if (name.Length > 100 || link.Length > 100 || hugeSize)
        {
            var records = Record("path", path) + (link.Length > 100 ? Record("linkpath", linkName) : string.Empty)
                + (hugeSize ? Record("size", size.ToString(CultureInfo.InvariantCulture)) : string.Empty);
            var pax = Encoding.UTF8.GetBytes(records);
            await output.WriteAsync(Header(Encoding.UTF8.GetBytes("PaxHeaders.0/" + Truncate(path)), pax.Length, 'x', "0000644", []), ct).ConfigureAwait(false);
            await output.WriteAsync(pax, ct).ConfigureAwait(false);
            await PadAsync(pax.Length, ct).ConfigureAwait(false);
            name = Encoding.UTF8.GetBytes(Truncate(path));
            link = Encoding.UTF8.GetBytes(Truncate(linkName));
        }

        await output.WriteAsync(Header(name, hugeSize ? 0 : size, type, mode, link), ct).ConfigureAwait(false);
    }

    private byte[] Header(byte[] name, long size, char type, string mode, byte[] linkName)
    {
        var header = new byte[Block];
        name.AsSpan(0, Math.Min(100, name.Length)).CopyTo(header);
        Octal(header, 100, 8, mode);
        Octal(header, 108, 8, "0000000");
        Octal(header, 116, 8, "0000000");
        Octal(header, 124, 12, Convert.ToString(size, 8).PadLeft(11, '0'));
        Octal(header, 136, 12, Convert.ToString(modified.ToUnixTimeSeconds(), 8).PadLeft(11, '0'));
        header.AsSpan(148, 8).Fill((byte)' ');
        header[156] = (byte)type;
        linkName.AsSpan(0, Math.Min(100, linkName.Length)).CopyTo(header.AsSpan(157));
        "ustar\0"u8.CopyTo(header.AsSpan(257));
        "00"u8.CopyTo(header.AsSpan(263));
        var sum = 0;
        foreach (var b in header)
        {
            sum += b;
        }

        Octal(header, 148, 7, Convert.ToString(sum, 8).PadLeft(6, '0'));
        return header;
    }

    private static void Octal(byte[] header, int offset, int width, string digits) =>
        Encoding.ASCII.GetBytes(digits + "\0").AsSpan(0, Math.Min(width, digits.Length + 1)).CopyTo(header.AsSpan(offset));

    // A PAX record: "<length> <key>=<value>\n", where length counts its own digits.
    private static string Record(string key, string value)
    {
        var body = $" {key}={value}\n";
        var length = Encoding.UTF8.GetByteCount(body);
        var total = length + length.ToString(CultureInfo.InvariantCulture).Length;
        if (total.ToString(CultureInfo.InvariantCulture).Length != length.ToString(CultureInfo.InvariantCulture).Length)
        {
            total++;
        }

        return total.ToString(CultureInfo.InvariantCulture) + body;
    }

    private static string Truncate(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        return bytes.Length <= 100 ? text : Encoding.UTF8.GetString(bytes, 0, 100).TrimEnd('\uFFFD');
    }

    private async Task<long> CopyAsync(Stream content, long size, CancellationToken ct)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            long copied = 0;
            int read;
            while ((read = await content.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, size - copied + 1)), ct).ConfigureAwait(false)) > 0)
            {
                copied += read;
                if (copied > size)
                {
                    return copied;
                }

                await output.WriteAsync(buffer.AsMemory(0, read), ct).ConfigureAwait(false);
            }

            return copied;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task PadAsync(long size, CancellationToken ct)
    {
        var pad = (int)((Block - (size % Block)) % Block);
        if (pad > 0)
        {
            await output.WriteAsync(new byte[pad], ct).ConfigureAwait(false);
        }
    }
}
