using EmrShare.Storage.DagPb;
using EmrShare.Storage.Multiformats;

namespace EmrShare.Storage.Reading;

/// <summary>
/// Read-only stream over a UnixFS file DAG, fetched block by block (depth first) and verified against each
/// block's hash before a byte is handed out. Holds one leaf plus one node per DAG level, so any size streams.
/// </summary>
public sealed class DagReadStream : Stream
{
    private readonly IBlockSource _source;
    private readonly Stack<(IReadOnlyList<DagPbLink> Links, int Next)> _stack = new();
    private readonly ulong _expectedLength;
    private ReadOnlyMemory<byte> _current;
    private long _position;

    private DagReadStream(IBlockSource source, ulong expectedLength)
    {
        _source = source;
        _expectedLength = expectedLength;
    }

    /// <summary>Opens <paramref name="root"/>, reading and verifying the root block eagerly so a missing or bad root fails here.</summary>
    public static async Task<DagReadStream> OpenAsync(IBlockSource source, Cid root, CancellationToken cancellationToken)
    {
        var block = await source.GetVerifiedAsync(root, cancellationToken).ConfigureAwait(false);
        var length = root.Codec == Multicodec.Raw ? (ulong)block.Length : FileNode(DagPbNode.Decode(block)).Size;
        var stream = new DagReadStream(source, length);
        stream.Enter(root, block);
        return stream;
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
        while (_current.IsEmpty)
        {
            if (!await AdvanceAsync(cancellationToken).ConfigureAwait(false))
            {
                if ((ulong)_position != _expectedLength)
                {
                    throw new DagFormatException($"DAG holds {_position} bytes but its root declares {_expectedLength}");
                }

                return 0;
            }
        }

        var n = Math.Min(buffer.Length, _current.Length);
        _current[..n].CopyTo(buffer);
        _current = _current[n..];
        _position += n;
        return n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private async ValueTask<bool> AdvanceAsync(CancellationToken ct)
    {
        while (_stack.Count > 0)
        {
            var (links, next) = _stack.Pop();
            if (next >= links.Count)
            {
                continue;
            }

            _stack.Push((links, next + 1));
            var cid = links[next].Cid;
            var block = await _source.GetVerifiedAsync(cid, ct).ConfigureAwait(false);
            Enter(cid, block);
            if (!_current.IsEmpty)
            {
                return true;
            }
        }

        return false;
    }

    private void Enter(Cid cid, byte[] block)
    {
        if (cid.Codec == Multicodec.Raw)
        {
            _current = block;
            return;
        }

        if (cid.Codec != Multicodec.DagPb)
        {
            throw new DagFormatException("unsupported block codec " + Multicodec.Name(cid.Codec));
        }

        var node = DagPbNode.Decode(block);
        var (data, _) = FileNode(node);
        _current = data;
        if (node.Links.Count > 0)
        {
            _stack.Push((node.Links, 0));
        }
    }

    private static (ReadOnlyMemory<byte> Data, ulong Size) FileNode(DagPbNode node)
    {
        var unixFs = UnixFsData.Decode(node.Data ?? throw new DagFormatException("dag-pb node without UnixFS data"));
        if (unixFs.Type is not (UnixFsType.File or UnixFsType.Raw))
        {
            throw new DagFormatException("not a UnixFS file: " + unixFs.Type);
        }

        return (unixFs.Data, unixFs.FileSize ?? (ulong)unixFs.Data.Length);
    }
}
