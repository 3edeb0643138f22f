using System.Buffers;
using EmrShare.Storage.DagPb;
using EmrShare.Storage.Multiformats;

namespace EmrShare.Storage.Import;

/// <summary>
/// Streams a file into a UnixFS DAG exactly as Kubo's defaults do: fixed 262,144-byte chunks, a balanced
/// layout with at most 174 links per node (all leaves at one depth), CIDv1 with raw leaves or CIDv0 with
/// dag-pb/UnixFS-File leaves. A one-chunk file is its leaf. Memory is one chunk plus one pending node per level.
/// </summary>
public static class UnixFsImporter
{
    public const int ChunkSize = 262_144;
    public const int MaxLinksPerNode = 174;

    public static async Task<ImportResult> ImportAsync(
        Stream source, int cidVersion, IBlockSink sink, long? maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(sink);
        if (cidVersion is not (0 or 1))
        {
            throw new ArgumentOutOfRangeException(nameof(cidVersion), "CID version must be 0 or 1");
        }

        if (maxBytes is { } limit && source.CanSeek && source.Length - source.Position > limit)
        {
            throw new BlobTooLargeException(limit);
        }

        var builder = new LayoutBuilder(cidVersion, sink);
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            long total = 0;
            var chunks = 0;
            while (true)
            {
                var read = await source.ReadAtLeastAsync(buffer.AsMemory(0, ChunkSize), ChunkSize, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
                // Kubo turns an empty file into one empty leaf; every later empty read just means end of stream.
                if (read == 0 && chunks > 0)
                {
                    break;
                }

                total += read;
                if (maxBytes is { } max && total > max)
                {
                    throw new BlobTooLargeException(max);
                }

                chunks++;
                await builder.AddLeafAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                if (read < ChunkSize)
                {
                    break;
                }
            }

            var root = await builder.FinishAsync(cancellationToken).ConfigureAwait(false);
            return new ImportResult(root.Cid, total, root.TotalSize, builder.BlockCount);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>A finished subtree as its parent links it.</summary>
    internal readonly record struct Child(Cid Cid, ulong TotalSize, ulong FileSize);

    private sealed class LayoutBuilder(int cidVersion, IBlockSink sink)
    {
        // levels[0] holds leaves, levels[k] nodes of depth k. A level is only folded into a parent when a
        // 175th entry arrives, so at the end we still know whether a lone entry is the root.
        private readonly List<List<Child>> _levels = [];
        private readonly ArrayBufferWriter<byte> _leaf = new(ChunkSize + 32);

        public int BlockCount { get; private set; }

        /// <summary>
        /// The CIDv0 leaf (dag-pb node whose Data is UnixFS File{Data, filesize}) written straight into one reused
        /// buffer: encoding it as two nested messages cost four 256 KiB heap arrays per leaf, which made v0 imports
        /// markedly slower than v1. Byte-identical to DagPbNode([], UnixFsData(File, chunk, len).Encode()).Encode().
        /// </summary>
        private ReadOnlyMemory<byte> EncodeV0Leaf(ReadOnlySpan<byte> chunk)
        {
            _leaf.ResetWrittenCount();
            var unixFsLength = ProtoWriter.VarintFieldSize(1, (ulong)UnixFsType.File)
                + (chunk.IsEmpty ? 0 : ProtoWriter.BytesFieldSize(2, chunk.Length))
                + ProtoWriter.VarintFieldSize(3, (ulong)chunk.Length);
            ProtoWriter.WriteTag(_leaf, 1, ProtoWriter.WireLengthDelimited);
            ProtoWriter.WriteVarint(_leaf, (ulong)unixFsLength);
            ProtoWriter.WriteVarintField(_leaf, 1, (ulong)UnixFsType.File);
            if (!chunk.IsEmpty)
            {
                ProtoWriter.WriteBytesField(_leaf, 2, chunk);
            }

            ProtoWriter.WriteVarintField(_leaf, 3, (ulong)chunk.Length);
            return _leaf.WrittenMemory;
        }

        public async ValueTask AddLeafAsync(ReadOnlyMemory<byte> chunk, CancellationToken ct)
        {
            Child leaf;
            if (cidVersion == 1)
            {
                var cid = Cid.Create(1, Multicodec.Raw, chunk.Span);
                await WriteAsync(cid, chunk, ct).ConfigureAwait(false);
                leaf = new Child(cid, (ulong)chunk.Length, (ulong)chunk.Length);
            }
            else
            {
                var block = EncodeV0Leaf(chunk.Span);
                var cid = Cid.Create(0, Multicodec.DagPb, block.Span);
                await WriteAsync(cid, block, ct).ConfigureAwait(false);
                leaf = new Child(cid, (ulong)block.Length, (ulong)chunk.Length);
            }

            await AddAsync(0, leaf, ct).ConfigureAwait(false);
        }

        public async ValueTask<Child> FinishAsync(CancellationToken ct)
        {
            for (var level = 0; ; level++)
            {
                var entries = _levels[level];
                var isTop = level == _levels.Count - 1;
                if (isTop && entries.Count == 1)
                {
                    return entries[0];
                }

                var parent = await WriteParentAsync(entries, ct).ConfigureAwait(false);
                entries.Clear();
                await AddAsync(level + 1, parent, ct).ConfigureAwait(false);
            }
        }

        private async ValueTask AddAsync(int level, Child child, CancellationToken ct)
        {
            if (_levels.Count == level)
            {
                _levels.Add(new List<Child>(MaxLinksPerNode));
            }

            var entries = _levels[level];
            if (entries.Count == MaxLinksPerNode)
            {
                var parent = await WriteParentAsync(entries, ct).ConfigureAwait(false);
                entries.Clear();
                await AddAsync(level + 1, parent, ct).ConfigureAwait(false);
            }

            entries.Add(child);
        }

        private async ValueTask<Child> WriteParentAsync(List<Child> children, CancellationToken ct)
        {
            ulong fileSize = 0, childrenTotal = 0;
            var links = new DagPbLink[children.Count];
            var blockSizes = new ulong[children.Count];
            for (var i = 0; i < children.Count; i++)
            {
                links[i] = new DagPbLink(children[i].Cid, string.Empty, children[i].TotalSize);
                blockSizes[i] = children[i].FileSize;
                fileSize += children[i].FileSize;
                childrenTotal += children[i].TotalSize;
            }

            var unixFs = new UnixFsData(UnixFsType.File, ReadOnlyMemory<byte>.Empty, fileSize, blockSizes).Encode();
            var block = new DagPbNode(links, unixFs).Encode();
            var cid = Cid.Create(cidVersion, Multicodec.DagPb, block);
            await WriteAsync(cid, block, ct).ConfigureAwait(false);
            return new Child(cid, (ulong)block.Length + childrenTotal, fileSize);
        }

        private ValueTask WriteAsync(Cid cid, ReadOnlyMemory<byte> block, CancellationToken ct)
        {
            BlockCount++;
            return sink.WriteBlockAsync(cid, block, ct);
        }
    }
}
