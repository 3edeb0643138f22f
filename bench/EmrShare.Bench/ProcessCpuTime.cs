using System.Globalization;

namespace EmrShare.Bench;

/// <summary>CPU time (user + system) of another process, read from /proc/&lt;pid&gt;/stat (Linux; zero elsewhere).</summary>
internal static class ProcessCpuTime
{
    // USER_HZ is 100 on every Linux configuration .NET supports.
    private const double TicksPerSecond = 100;

    public static TimeSpan Of(int processId)
    {
        var path = $"/proc/{processId.ToString(CultureInfo.InvariantCulture)}/stat";
        if (!File.Exists(path))
        {
            return TimeSpan.Zero;
        }

        // Fields after the parenthesised command name: state is field 3, utime 14, stime 15.
        var stat = File.ReadAllText(path);
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }
}
