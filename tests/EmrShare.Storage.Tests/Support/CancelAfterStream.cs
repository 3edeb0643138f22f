namespace EmrShare.Storage.Tests.Support;

/// <summary>Cancels <paramref name="cts"/> once <paramref name="bytes"/> have been read — a client hanging up mid-upload.</summary>
public sealed class CancelAfterStream(Stream inner, long bytes, CancellationTokenSource cts) : Stream
{
    private long _read;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _read;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_read >= bytes)
        {
            await cts.CancelAsync();
            cancellationToken.ThrowIfCancellationRequested();
        }

        var n = await inner.ReadAsync(buffer, cancellationToken);
        _read += n;
        return n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
