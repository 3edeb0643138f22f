using EmrShare.Wallet;
using EmrShare.Wallet.Vault;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.AspNetCore.Components.WebAssembly.Hosting;

var builder = WebAssemblyHostBuilder.CreateDefault(args);
builder.RootComponents.Add<App>("#app");
builder.RootComponents.Add<HeadOutlet>("head::after");

// The one HttpClient: the check-in client talks to the hospital named in the desk's code (cross-origin, CORS);
// everything it sends is public keys, signatures or sealed messages.
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<WalletVault>();
builder.Services.AddSingleton<WalletSession>();
builder.Services.AddSingleton(new HttpClient());
builder.Services.AddSingleton<EmrShare.Wallet.Checkin.HospitalVisitClient>();
builder.Services.AddSingleton<EmrShare.Wallet.Records.DeviceStore>();
builder.Services.AddSingleton<EmrShare.Wallet.Records.WalletRecords>();

await builder.Build().RunAsync().ConfigureAwait(false);
