using System.Globalization;
using EmrShare.Storage;
using EmrShare.Storage.CrashHost;
using EmrShare.Storage.Embedded;

// Usage: EmrShare.Storage.CrashHost <database path> <large blob bytes> <seed>
// Puts a small "survivor" blob, then streams a large blob; the crash test kills this process (SIGKILL)
// while the large put is in flight. Output lines: "survivor <cid>", "read <bytes>", "done <cid>".
if (args.Length != 3)
{
    Console.Error.WriteLine("usage: EmrShare.Storage.CrashHost <database path> <large blob bytes> <seed>");
    return 2;
}

var size = long.Parse(args[1], CultureInfo.InvariantCulture);
var seed = ulong.Parse(args[2], CultureInfo.InvariantCulture);
using var store = await SqliteBlobStore.OpenAsync(new EmbeddedStoreOptions(args[0]), TimeProvider.System, CancellationToken.None);
var survivor = await store.PutAsync(new GeneratedStream(1_000_000, seed + 1), PutOptions.Default, CancellationToken.None);
Console.WriteLine("survivor " + survivor);
var large = await store.PutAsync(
    new GeneratedStream(size, seed, read => Console.WriteLine("read " + read.ToString(CultureInfo.InvariantCulture))),
    PutOptions.Default,
    CancellationToken.None);
Console.WriteLine("done " + large);
return 0;
