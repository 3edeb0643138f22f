using System.Globalization;
using System.Numerics;

namespace EmrShare.LedgerTestHost;

/// <summary>Command line of emrshare-ledger: --port, --data, optional --chain-id, --interval-ms (0 = automine), --sealer-key.</summary>
internal sealed record HostArguments(int Port, string DataDirectory, BigInteger ChainId, int IntervalMilliseconds, string? SealerKey)
{
    public const string Usage = "usage: emrshare-ledger --port <port> --data <folder> [--chain-id <id>] [--interval-ms <ms>|0=automine] [--sealer-key <hex>]";

    public static HostArguments Parse(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Count)
            {
                throw new ArgumentException(Usage);
            }

            values[args[i]] = args[++i];
        }

        if (!values.TryGetValue("--port", out var port) || !values.TryGetValue("--data", out var data))
        {
            throw new ArgumentException(Usage);
        }

        return new HostArguments(
            int.Parse(port, CultureInfo.InvariantCulture),
            data,
            values.TryGetValue("--chain-id", out var chainId) ? BigInteger.Parse(chainId, CultureInfo.InvariantCulture) : 31337,
            values.TryGetValue("--interval-ms", out var interval) ? int.Parse(interval, CultureInfo.InvariantCulture) : 0,
            values.GetValueOrDefault("--sealer-key"));
    }
}
