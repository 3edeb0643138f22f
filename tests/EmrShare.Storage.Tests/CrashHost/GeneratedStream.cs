namespace EmrShare.Storage.CrashHost;

/// <summary>
/// Deterministic pseudo-random content of a given length, generated on the fly (byte i depends only on seed and
/// i, never on read sizes), so a test can recompute what a killed process was writing without storing it.
/// </summary>
public sealed class GeneratedStream(long length, ulong seed, Action<long>? onProgress = null) : Stream
{
    private const long ProgressStep = 8 * 1024 * 1024;
    private long _position;
    private long _nextReport = ProgressStep;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException(); // like a network upload: length unknown

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = (int)Math.Min(buffer.Length, length - _position);
        for (var i = 0; i < n; i++)
        {
            var at = _position + i;
            buffer[i] = (byte)(Mix(seed + (ulong)(at >> 3)) >> (int)((at & 7) * 8));
        }

        _position += n;
        if (_position >= _nextReport)
        {
            onProgress?.Invoke(_position);
            _nextReport += ProgressStep;
        }

        return n;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private static ulong Mix(ulong x)
    {
        // splitmix64 finaliser: cheap, well distributed, stateless.
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }
}
