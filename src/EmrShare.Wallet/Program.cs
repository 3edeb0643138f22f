using EmrShare.Wallet;
using EmrShare.Wallet.Vault;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.AspNetCore.Components.WebAssembly.Hosting;

var builder = WebAssemblyHostBuilder.CreateDefault(args);
builder.RootComponents.Add<App>("#app");
builder.RootComponents.Add<HeadOutlet>("head::after");

// No HttpClient yet: this part of the wallet sends nothing anywhere. The workflow pages add narrow API clients.
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<WalletVault>();
builder.Services.AddSingleton<WalletSession>();

await builder.Build().RunAsync().ConfigureAwait(false);
