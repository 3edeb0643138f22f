using System.Globalization;
using EmrShare.Chain;
using Spectre.Console;

namespace EmrShare.Cli.Commands.Shared;

/// <summary>
/// What actor commands print: <c>name: value</c> lines on stdout (never wrapped, easy for scripts to pick up)
/// and a spinner on stderr-free status for long operations.
/// </summary>
public static class Output
{
    private static readonly AsyncLocal<TextWriter?> Captured = new();

    /// <summary>Where this flow's command output goes: the process's stdout, or a capture (<see cref="CaptureTo"/>).</summary>
    public static TextWriter Out => Captured.Value ?? Console.Out;

    /// <summary>Where this flow's error line goes: the process's stderr, or the same capture.</summary>
    public static TextWriter Error => Captured.Value ?? Console.Error;

    /// <summary>
    /// Sends the output and error lines of commands run in this asynchronous flow (and only this flow) to
    /// <paramref name="writer"/> until the result is disposed. Other threads keep writing to the real console.
    /// </summary>
    public static IDisposable CaptureTo(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var previous = Captured.Value;
        Captured.Value = writer;
        return new Restore(previous);
    }

    public static void Field(string name, object? value) =>
        Out.WriteLine($"{name}: {Convert.ToString(value, CultureInfo.InvariantCulture)}");

    /// <summary>A transaction the command sent: its hash and gas, as the issue asks for every registration step.</summary>
    public static void Transaction(string step, ChainReceipt receipt)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        Field("tx", $"{step} {receipt.TransactionHash} gas {receipt.GasUsed.ToString(CultureInfo.InvariantCulture)}");
    }

    public static void Transaction(string step, string hash, long gas) =>
        Field("tx", $"{step} {hash} gas {gas.ToString(CultureInfo.InvariantCulture)}");

    /// <summary>Runs a long operation under a spinner (plain when output is redirected).</summary>
    public static Task<T> ProgressAsync<T>(string what, Func<Task<T>> operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        return Captured.Value is null ? AnsiConsole.Status().StartAsync(what, _ => operation()) : operation();
    }

    private sealed class Restore(TextWriter? previous) : IDisposable
    {
        public void Dispose() => Captured.Value = previous;
    }
}
