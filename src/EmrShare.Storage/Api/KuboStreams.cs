using System.Buffers;
using EmrShare.Storage.Reading;

namespace EmrShare.Storage.Api;

/// <summary>Stream helpers of the Kubo endpoints: <c>cat</c>'s offset/length window.</summary>
internal static class KuboStreams
{
    /// <summary>Copies <paramref name="count"/> bytes starting at <paramref name="offset"/> (skipped by reading; the DAG stream does not seek).</summary>
    public static async Task CopyRangeAsync(Stream source, Stream target, long offset, long count, CancellationToken cancellationToken)
    {
        if (source is DagReadStream dag)
        {
            // Straight from the verified blocks to the response, no intermediate buffer.
            await dag.CopyRangeToAsync(target, offset, count, cancellationToken).ConfigureAwait(false);
            return;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            var skip = offset;
            while (skip > 0)
            {
                var read = await source.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, skip)), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return;
                }

                skip -= read;
            }

            var left = count;
            while (left > 0)
            {
                var read = await source.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, left)), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return;
                }

                await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                left -= read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}

/// <summary>Bytes one request may add in all its files together; past it, <see cref="BlobTooLargeException"/> (HTTP 413).</summary>
internal sealed class AddBudget(long limit)
{
    private long _used;

    public void Spend(int bytes)
    {
        _used += bytes;
        if (_used > limit)
        {
            throw new BlobTooLargeException(limit);
        }
    }
}

/// <summary>Passes reads through, charging them to a request's <see cref="AddBudget"/>.</summary>
internal sealed class LimitedReadStream(Stream inner, AddBudget budget) : Stream
{
    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private int Count(int read)
    {
        budget.Spend(read);
        return read;
    }
}
