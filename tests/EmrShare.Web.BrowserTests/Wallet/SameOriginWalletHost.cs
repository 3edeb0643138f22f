using EmrShare.ServiceDefaults;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging;

namespace EmrShare.Web.BrowserTests.Wallet;

/// <summary>
/// The published wallet's static files and, on the same origin, the Center's public routes (<c>/v1/*</c>, <c>/rpc</c>)
/// passed through unchanged to the real Center host: what a Center that serves the wallet itself looks like to the
/// browser, without depending on CORS (configured elsewhere). Requests and answers are copied byte for byte.
/// </summary>
public sealed class SameOriginWalletHost : IAsyncDisposable
{
    private readonly WebApplication _host;
    private readonly HttpClient _center;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> _origins = new();

    private SameOriginWalletHost(WebApplication host, HttpClient center)
    {
        _host = host;
        _center = center;
    }

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Lets the wallet's pages connect to <paramref name="origin"/> (a hospital's visit routes), from the next response on.</summary>
    public void AllowConnect(Uri origin) => _origins[origin.GetLeftPart(UriPartial.Authority)] = true;

    public static async Task<SameOriginWalletHost> StartAsync(string webRoot, Uri center)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        var host = new SameOriginWalletHost(app, new HttpClient { BaseAddress = center });
        app.Map("/rpc", host.ForwardAsync);
        app.Map("/v1/{**rest}", host.ForwardAsync);
        var types = new FileExtensionContentTypeProvider();
        types.Mappings[".webmanifest"] = "application/manifest+json";
        types.Mappings[".dat"] = "application/octet-stream";
        types.Mappings[".blat"] = "application/octet-stream";
        var files = new PhysicalFileProvider(webRoot);
        app.UseWalletContentSecurityPolicy(webRoot, () => [.. host._origins.Keys]);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files, ContentTypeProvider = types });
        app.MapFallbackToFile("index.html", new StaticFileOptions { FileProvider = files });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        host.BaseAddress = new Uri(address.TrimEnd('/') + "/");
        return host;
    }

    private async Task ForwardAsync(HttpContext context)
    {
        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), context.Request.Path + context.Request.QueryString);
        if (context.Request.ContentLength > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body, context.RequestAborted);
            request.Content = new ByteArrayContent(body.ToArray());
            if (context.Request.ContentType is { } type)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", type);
            }
        }

        using var response = await _center.SendAsync(request, context.RequestAborted);
        context.Response.StatusCode = (int)response.StatusCode;
        if (response.Content.Headers.ContentType is { } contentType)
        {
            context.Response.ContentType = contentType.ToString();
        }

        await context.Response.Body.WriteAsync(await response.Content.ReadAsByteArrayAsync(context.RequestAborted), context.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        _center.Dispose();
    }
}
