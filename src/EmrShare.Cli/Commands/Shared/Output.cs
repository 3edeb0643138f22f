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
    public static void Field(string name, object? value) =>
        Console.Out.WriteLine($"{name}: {Convert.ToString(value, CultureInfo.InvariantCulture)}");

    /// <summary>A transaction the command sent: its hash and gas, as the issue asks for every registration step.</summary>
    public static void Transaction(string step, ChainReceipt receipt)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        Field("tx", $"{step} {receipt.TransactionHash} gas {receipt.GasUsed.ToString(CultureInfo.InvariantCulture)}");
    }

    public static void Transaction(string step, string hash, long gas) =>
        Field("tx", $"{step} {hash} gas {gas.ToString(CultureInfo.InvariantCulture)}");

    /// <summary>Runs a long operation under a spinner (plain when output is redirected).</summary>
    public static Task<T> ProgressAsync<T>(string what, Func<Task<T>> operation) =>
        AnsiConsole.Status().StartAsync(what, _ => operation());
}
