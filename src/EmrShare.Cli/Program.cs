using EmrShare.Cli.Commands;
using Spectre.Console.Cli;

var app = new CommandApp();
app.Configure(config =>
{
    config.SetApplicationName("emrshare");
    config.AddCommand<DemoCommand>("demo")
        .WithDescription("Run the sharing scenario with every actor in one process (embedded chain and storage).");
});
return await app.RunAsync(args);
