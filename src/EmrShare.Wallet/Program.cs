using EmrShare.Wallet;
using EmrShare.Wallet.Services;
using EmrShare.Wallet.Vault;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.AspNetCore.Components.WebAssembly.Hosting;

var builder = WebAssemblyHostBuilder.CreateDefault(args);
builder.RootComponents.Add<App>("#app");
builder.RootComponents.Add<HeadOutlet>("head::after");

// The shared HttpClient is the check-in client's: it talks to the hospital named in the desk's code (cross-origin, CORS);
// everything it sends is public keys, signatures or sealed messages.
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<WalletVault>();
builder.Services.AddSingleton<WalletSession>();
builder.Services.AddSingleton(new HttpClient());
builder.Services.AddSingleton<EmrShare.Wallet.Checkin.HospitalVisitClient>();
builder.Services.AddSingleton<EmrShare.Wallet.Records.DeviceStore>();
builder.Services.AddSingleton<EmrShare.Wallet.Records.WalletRecords>();

// The Center's public routes (network facts, hospitals, relay) and its JSON-RPC: Center:BaseUrl in wwwroot/appsettings.json,
// empty for the origin that serves the wallet. Only public addresses and signed messages are ever sent.
var centerBase = builder.Configuration["Center:BaseUrl"] is { Length: > 0 } configured ? configured : builder.HostEnvironment.BaseAddress;
var centerHttp = new HttpClient { BaseAddress = new Uri(centerBase.TrimEnd('/') + "/"), Timeout = TimeSpan.FromSeconds(60) };
builder.Services.AddSingleton(new CenterClient(centerHttp));
// Nethereum's RpcClient configures the HttpClient it is given (base address, timeout): it gets one of its own, unused before.
builder.Services.AddSingleton(sp => new PatientChain(new HttpClient(), sp.GetRequiredService<CenterClient>()));
builder.Services.AddSingleton<WalletGrants>();

await builder.Build().RunAsync().ConfigureAwait(false);
