using EmrShare.Core.Errors;
using EmrShare.Storage.DagPb;
using EmrShare.Storage.Multiformats;

namespace EmrShare.Storage.Import;

/// <summary>One added entry, as Kubo's <c>add</c> reports it: path (empty for a wrapping directory), CID, cumulative size.</summary>
public sealed record UnixFsEntry(string Path, Cid Cid, ulong CumulativeSize, bool IsDirectory);

/// <summary>
/// The tree of a multi-file add: files (already imported) and directories placed by path, then written bottom-up
/// as Kubo does. Parent directories a path implies are created; a path added twice, or as both file and directory,
/// is refused (<see cref="UnixFsPathException"/>). Without <paramref name="wrap"/> every top-level entry stands on its
/// own, as Kubo adds each separately (two top-level files may share a name); with it they are one directory's entries.
/// </summary>
public sealed class UnixFsTree(bool wrap)
{
    private readonly Directory _root = new();
    private readonly List<(IReadOnlyList<string> Path, UnixFsEntry Entry)> _files = [];

    // Without wrap: top-level entries in arrival order, each a standalone file entry or the name of a directory.
    private readonly List<object> _topLevel = [];

    public void AddDirectory(IReadOnlyList<string> path) => Walk(path);

    /// <summary>
    /// Splits an entry path into names as Kubo cleans it (leading, doubled and trailing slashes and "." dropped);
    /// ".." and NUL are refused rather than resolved, so no entry can land outside the tree it was sent in.
    /// </summary>
    public static IReadOnlyList<string> SplitPath(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var names = path.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(n => n != ".").ToList();
        if (names.Count == 0 || names.Any(n => n == ".." || n.Contains('\0', StringComparison.Ordinal)))
        {
            throw new UnixFsPathException($"entry path \"{path}\" is empty or contains \"..\" or NUL");
        }

        return names;
    }

    public void AddFile(IReadOnlyList<string> path, ImportResult file)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(file);
        var entry = new UnixFsEntry(string.Join('/', path), file.Root, file.CumulativeSize, IsDirectory: false);
        if (!wrap && path.Count == 1)
        {
            _topLevel.Add(entry);
            return;
        }

        var parent = Walk([.. path.Take(path.Count - 1)]);
        var name = path[^1];
        if (parent.Children.ContainsKey(name))
        {
            throw new UnixFsPathException($"\"{string.Join('/', path)}\" is added twice");
        }

        parent.Add(name, entry);
        _files.Add((path, entry));
    }

    /// <summary>
    /// Writes every directory (children before parents) and returns the entries in Kubo's answer order: for each
    /// top-level entry, its files in the order they arrived, then its directories depth-first with names sorted,
    /// each after its children. With wrap, all of that sits in one more directory, named "" and answered last.
    /// </summary>
    public async Task<IReadOnlyList<UnixFsEntry>> WriteAsync(int cidVersion, IBlockSink sink, CancellationToken cancellationToken)
    {
        var answer = new List<UnixFsEntry>();
        if (wrap)
        {
            answer.AddRange(_files.Select(f => f.Entry));
            await WriteDirectoryAsync(_root, string.Empty, cidVersion, sink, answer, cancellationToken).ConfigureAwait(false);
            return answer;
        }

        foreach (var item in _topLevel)
        {
            if (item is UnixFsEntry file)
            {
                answer.Add(file);
                continue;
            }

            var name = (string)item;
            answer.AddRange(_files.Where(f => f.Path[0] == name).Select(f => f.Entry));
            await WriteDirectoryAsync((Directory)_root.Children[name], name, cidVersion, sink, answer, cancellationToken).ConfigureAwait(false);
        }

        return answer;
    }

    private static async Task<UnixFsEntry> WriteDirectoryAsync(
        Directory directory, string path, int cidVersion, IBlockSink sink, List<UnixFsEntry> answer, CancellationToken ct)
    {
        var links = new List<DagPbLink>(directory.Children.Count);
        foreach (var name in directory.Children.Keys.Order(Comparer<string>.Create(UnixFsDirectory.CompareNames)))
        {
            var child = directory.Children[name] switch
            {
                Directory sub => await WriteDirectoryAsync(sub, path.Length == 0 ? name : path + "/" + name, cidVersion, sink, answer, ct).ConfigureAwait(false),
                UnixFsEntry file => file,
                _ => throw new InvalidOperationException("unknown tree node"),
            };
            links.Add(new DagPbLink(child.Cid, name, child.CumulativeSize));
        }

        var (cid, size) = await UnixFsDirectory.WriteAsync(links, cidVersion, sink, ct).ConfigureAwait(false);
        var entry = new UnixFsEntry(path, cid, size, IsDirectory: true);
        answer.Add(entry);
        return entry;
    }

    private Directory Walk(IReadOnlyList<string> path)
    {
        var current = _root;
        for (var i = 0; i < path.Count; i++)
        {
            if (!current.Children.TryGetValue(path[i], out var child))
            {
                child = new Directory();
                current.Add(path[i], child);
                if (i == 0)
                {
                    _topLevel.Add(path[0]);
                }
            }

            current = child as Directory
                ?? throw new UnixFsPathException($"\"{string.Join('/', path.Take(i + 1))}\" is both a file and a directory");
        }

        return current;
    }

    private sealed class Directory
    {
        public Dictionary<string, object> Children { get; } = new(StringComparer.Ordinal);

        public void Add(string name, object child) => Children.Add(name, child);
    }
}

/// <summary>An entry path of a multi-file add that cannot be placed (duplicate, file and directory at once, "..").</summary>
[ErrorKind(ErrorKind.Invalid)]
public sealed class UnixFsPathException : StorageException
{
    public UnixFsPathException()
    {
    }

    public UnixFsPathException(string message)
        : base(message)
    {
    }

    public UnixFsPathException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
