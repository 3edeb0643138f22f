using System.Runtime.InteropServices;
using EmrShare.Ledger;
using EmrShare.Ledger.Chain;
using EmrShare.LedgerTestHost;
using EmrShare.Ledger.Rpc;

// Test host: the embedded ledger alone as a JSON-RPC node on 127.0.0.1, for the crash and fault tests, which kill
// this process with SIGKILL mid-load. It is deliberately small and loads nothing but EmrShare.Ledger, so those
// tests do not depend on the CLI; operators run `emrshare ledger` (src/EmrShare.Cli/Commands/LedgerCommand.cs).
HostArguments arguments;
try
{
    arguments = HostArguments.Parse(args);
}
catch (Exception ex) when (ex is ArgumentException or FormatException or OverflowException)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}

var options = LedgerOptions.ForNode(arguments.DataDirectory, arguments.ChainId, arguments.IntervalMilliseconds, arguments.SealerKey);

using var stop = new CancellationTokenSource();

// SIGINT/SIGTERM: cancel the default termination and shut down cleanly, so the pending block is sealed and
// committed before exit (SIGKILL is the crash case the storage layer is built for).
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);

await using var ledger = await EmbeddedLedger.OpenAsync(options, cancellationToken: stop.Token);
await using var server = await LedgerHttpServer.StartAsync(new LedgerRpcHandler(ledger), arguments.Port, stop.Token);
Console.WriteLine($"emrshare-ledger chain {options.ChainId} head {ledger.Head.Number} sealer {ledger.SealerAddress} listening on {server.Endpoint}");
try
{
    await Task.Delay(Timeout.Infinite, stop.Token);
}
catch (OperationCanceledException)
{
    // normal shutdown
}

return 0;

void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    stop.Cancel();
}
