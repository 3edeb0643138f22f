using EmrShare.Cli.Commands;
using Spectre.Console.Cli;

var app = new CommandApp();
app.Configure(config =>
{
    config.SetApplicationName("emrshare");
    config.AddCommand<DemoCommand>("demo")
        .WithDescription("Run the sharing scenario with every actor in one process (embedded chain and storage).");
    config.AddCommand<LedgerCommand>("ledger")
        .WithDescription("Run the embedded chain as an Ethereum JSON-RPC node on 127.0.0.1.");
});
return await app.RunAsync(args);
