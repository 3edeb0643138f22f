using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace EmrShare.Web.BrowserTests.Wallet;

/// <summary>
/// Every request a browser context sends (pages and service worker), routed through Playwright so the URL,
/// every header and the body are seen before anything leaves the browser, then let through unchanged.
/// </summary>
public sealed class RequestRecorder
{
    private readonly ConcurrentQueue<string> _requests = new();

    public IReadOnlyCollection<string> Requests => _requests;

    public static async Task<RequestRecorder> AttachAsync(IBrowserContext context)
    {
        var recorder = new RequestRecorder();
        await context.RouteAsync("**/*", async route =>
        {
            var request = route.Request;
            var headers = await request.AllHeadersAsync();
            var body = request.PostDataBuffer is { } buffer ? Convert.ToHexStringLower(buffer) + "\n" + System.Text.Encoding.UTF8.GetString(buffer) : string.Empty;
            recorder._requests.Enqueue($"{request.Method} {request.Url}\n{string.Join('\n', headers.Select(h => h.Key + ": " + h.Value))}\n{body}");
            await route.ContinueAsync();
        });
        return recorder;
    }

    /// <summary>Each request that contains <paramref name="needle"/> (case-insensitive), as "METHOD URL".</summary>
    public IEnumerable<string> Containing(string needle) =>
        _requests.Where(r => r.Contains(needle, StringComparison.OrdinalIgnoreCase)).Select(r => r.Split('\n')[0]);
}
