using System.Threading.Channels;
using EmrShare.Storage.DagPb;
using EmrShare.Storage.Multiformats;

namespace EmrShare.Storage.Reading;

/// <summary>
/// Read-only stream over a UnixFS file DAG, fetched block by block (depth first) and verified against each block's hash
/// before a byte is handed out. Past the root, a producer reads and verifies up to <see cref="ReadAhead"/> blocks ahead
/// of the reader (pooled buffers), so the store's reads and hashing overlap the writing of what came before; memory stays
/// bounded (those blocks plus one node per DAG level), so any size streams. A block failing its hash, missing or
/// malformed ends the stream with that error where the reader reaches it; nothing after it is handed out.
/// </summary>
public sealed class DagReadStream : Stream
{
    /// <summary>Blocks verified ahead of the reader: 1 MiB of 256 KiB leaves.</summary>
    public const int ReadAhead = 4;

    private readonly Channel<Segment>? _segments;
    private readonly CancellationTokenSource _stop = new();
    private readonly IAsyncDisposable? _ownedSource;
    private readonly ulong _expectedLength;
    private Task _producer = Task.CompletedTask;
    private Segment _current;
    private long _position;
    private bool _disposed;

    private DagReadStream(ulong expectedLength, Segment root, bool hasLinks, IAsyncDisposable? ownedSource)
    {
        _expectedLength = expectedLength;
        _current = root;
        _ownedSource = ownedSource;
        _segments = hasLinks ? Channel.CreateBounded<Segment>(new BoundedChannelOptions(ReadAhead) { SingleReader = true, SingleWriter = true }) : null;
    }

    /// <summary>Opens <paramref name="root"/>, reading and verifying the root block eagerly so a missing or bad root fails here.</summary>
    public static Task<DagReadStream> OpenAsync(IBlockSource source, Cid root, CancellationToken cancellationToken) =>
        OpenAsync(source, root, null, cancellationToken);

    /// <summary><see cref="OpenAsync(IBlockSource, Cid, CancellationToken)"/>; the stream disposes <paramref name="ownedSource"/> with itself (also when the open fails).</summary>
    public static async Task<DagReadStream> OpenAsync(IBlockSource source, Cid root, IAsyncDisposable? ownedSource, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        try
        {
            var block = await source.GetVerifiedPooledAsync(root, cancellationToken).ConfigureAwait(false);
            if (root.Codec == Multicodec.Raw)
            {
                return new DagReadStream((ulong)block.Length, new Segment(block.Memory, block), hasLinks: false, ownedSource);
            }

            IReadOnlyList<DagPbLink> links;
            DagReadStream stream;
            try
            {
                var node = Decode(root, block.Memory.Span);
                var (data, size) = FileNode(node);
                links = node.Links;
                stream = new DagReadStream(size, new Segment(data, null), links.Count > 0, ownedSource);
            }
            finally
            {
                block.Return();
            }

            if (links.Count > 0)
            {
                stream._producer = Task.Run(() => stream.ProduceAsync(source, links));
            }

            return stream;
        }
        catch when (ownedSource is not null)
        {
            await ownedSource.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>File size recorded in a root block (raw leaf: its length).</summary>
    public static ulong FileSizeOf(Cid cid, ReadOnlySpan<byte> block) =>
        cid.Codec == Multicodec.Raw ? (ulong)block.Length : FileNode(DagPbNode.Decode(block)).Size;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => (long)_expectedLength;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count), CancellationToken.None).AsTask().GetAwaiter().GetResult();

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (!await EnsureCurrentAsync(cancellationToken).ConfigureAwait(false))
        {
            return 0;
        }

        var n = Math.Min(buffer.Length, _current.Data.Length);
        _current.Data[..n].CopyTo(buffer);
        Consume(n);
        return n;
    }

    /// <summary>Writes every remaining byte straight from the verified blocks (no intermediate buffer).</summary>
    public override Task CopyToAsync(Stream destination, int bufferSize, CancellationToken cancellationToken) =>
        CopyRangeToAsync(destination, 0, long.MaxValue, cancellationToken);

    /// <summary>
    /// Skips <paramref name="offset"/> bytes, then writes up to <paramref name="count"/> straight from the verified blocks:
    /// <c>cat</c>'s offset/length window. Blocks past the window are not read.
    /// </summary>
    public async Task CopyRangeToAsync(Stream destination, long offset, long count, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        while (count > 0 && await EnsureCurrentAsync(cancellationToken).ConfigureAwait(false))
        {
            var skip = (int)Math.Min(offset, _current.Data.Length);
            if (skip > 0)
            {
                Consume(skip);
                offset -= skip;
                continue;
            }

            var n = (int)Math.Min(count, _current.Data.Length);
            await destination.WriteAsync(_current.Data[..n], cancellationToken).ConfigureAwait(false);
            Consume(n);
            count -= n;
        }
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await _stop.CancelAsync().ConfigureAwait(false);
        await _producer.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _current.Release();
        _current = default;
        while (_segments is not null && _segments.Reader.TryRead(out var left))
        {
            left.Release();
        }

        _stop.Dispose();
        if (_ownedSource is not null)
        {
            await _ownedSource.DisposeAsync().ConfigureAwait(false);
        }

        GC.SuppressFinalize(this);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    /// <summary>Moves to the next non-empty segment when the current one is used up; false at the end of the file.</summary>
    private async ValueTask<bool> EnsureCurrentAsync(CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        while (_current.Data.IsEmpty)
        {
            _current.Release();
            _current = default;
            if (_segments is null || !await _segments.Reader.WaitToReadAsync(ct).ConfigureAwait(false))
            {
                if ((ulong)_position != _expectedLength)
                {
                    throw new DagFormatException($"DAG holds {_position} bytes but its root declares {_expectedLength}");
                }

                return false;
            }

            _segments.Reader.TryRead(out _current);
        }

        return true;
    }

    private void Consume(int n)
    {
        _current = _current with { Data = _current.Data[n..] };
        _position += n;
    }

    /// <summary>The blocks under the root, depth first in link order, each verified before it is queued for the reader.</summary>
    private async Task ProduceAsync(IBlockSource source, IReadOnlyList<DagPbLink> rootLinks)
    {
        var writer = _segments!.Writer;
        var ct = _stop.Token;
        try
        {
            var stack = new Stack<(IReadOnlyList<DagPbLink> Links, int Next)>();
            stack.Push((rootLinks, 0));
            while (stack.TryPop(out var frame))
            {
                if (frame.Next >= frame.Links.Count)
                {
                    continue;
                }

                stack.Push((frame.Links, frame.Next + 1));
                var cid = frame.Links[frame.Next].Cid;
                var block = await source.GetVerifiedPooledAsync(cid, ct).ConfigureAwait(false);
                Segment segment;
                if (cid.Codec == Multicodec.Raw)
                {
                    segment = new Segment(block.Memory, block);
                }
                else
                {
                    try
                    {
                        var node = Decode(cid, block.Memory.Span);
                        segment = new Segment(FileNode(node).Data, null);
                        if (node.Links.Count > 0)
                        {
                            stack.Push((node.Links, 0));
                        }
                    }
                    finally
                    {
                        block.Return();
                    }
                }

                await QueueAsync(writer, segment, ct).ConfigureAwait(false);
            }

            writer.TryComplete();
        }
        catch (Exception ex)
        {
            writer.TryComplete(ex);
        }
    }

    private static async ValueTask QueueAsync(ChannelWriter<Segment> writer, Segment segment, CancellationToken ct)
    {
        if (segment.Data.IsEmpty)
        {
            segment.Release();
            return;
        }

        try
        {
            await writer.WriteAsync(segment, ct).ConfigureAwait(false);
        }
        catch
        {
            segment.Release();
            throw;
        }
    }

    private static DagPbNode Decode(Cid cid, ReadOnlySpan<byte> block) =>
        cid.Codec == Multicodec.DagPb
            ? DagPbNode.Decode(block)
            : throw new DagFormatException("unsupported block codec " + Multicodec.Name(cid.Codec));

    private static (ReadOnlyMemory<byte> Data, ulong Size) FileNode(DagPbNode node)
    {
        var unixFs = UnixFsData.Decode(node.Data ?? throw new DagFormatException("dag-pb node without UnixFS data"));
        if (unixFs.Type is not (UnixFsType.File or UnixFsType.Raw))
        {
            throw new DagFormatException("not a UnixFS file: " + unixFs.Type);
        }

        return (unixFs.Data, unixFs.FileSize ?? (ulong)unixFs.Data.Length);
    }

    /// <summary>File bytes ready for the reader and, for a raw leaf, the pooled block they live in (returned once read).</summary>
    private readonly record struct Segment(ReadOnlyMemory<byte> Data, PooledBlock? Block)
    {
        public void Release() => Block?.Return();
    }
}
