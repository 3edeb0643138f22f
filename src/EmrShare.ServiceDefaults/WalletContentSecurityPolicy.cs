using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace EmrShare.ServiceDefaults;

/// <summary>
/// The Content-Security-Policy header for a host that serves the published wallet PWA (docs/wallet.md
/// "Content-Security-Policy"). The policy itself is the one the wallet's publish writes into index.html as a meta tag
/// (src/EmrShare.Wallet/EmrShare.Wallet.csproj, with the hash of the SDK's inline import map); the header sends the
/// same policy with two things a meta tag cannot do: connect-src narrowed to the origins the wallet talks to (its own,
/// the Center's, the hospitals'), and <c>frame-ancestors 'none'</c>. A browser enforces both policies, so the narrower
/// one wins.
/// </summary>
public static partial class WalletContentSecurityPolicy
{
    /// <summary>The header for <paramref name="indexHtml"/> (the published page, which must carry the meta policy).</summary>
    public static string HeaderFor(string indexHtml, IEnumerable<string> connectOrigins)
    {
        ArgumentNullException.ThrowIfNull(indexHtml);
        ArgumentNullException.ThrowIfNull(connectOrigins);
        var meta = MetaPolicy().Match(indexHtml);
        if (!meta.Success)
        {
            throw new InvalidOperationException("the wallet's index.html carries no Content-Security-Policy meta tag: serve a published wallet (dotnet publish writes it)");
        }

        var origins = connectOrigins.Select(o => WalletCors.ParseOrigin("connect-src", o)).Distinct(StringComparer.Ordinal);
        var directives = meta.Groups["policy"].Value.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(d => d.StartsWith("connect-src ", StringComparison.Ordinal) ? string.Join(' ', ["connect-src", "'self'", .. origins]) : d)
            .Append("frame-ancestors 'none'");
        return string.Join("; ", directives);
    }

    /// <summary>
    /// Sends the policy on every response of a wallet host. <paramref name="connectOrigins"/> is read per response, so a
    /// host can learn the hospitals' origins after it started; the page is read once from <paramref name="webRoot"/>.
    /// </summary>
    public static IApplicationBuilder UseWalletContentSecurityPolicy(this IApplicationBuilder app, string webRoot, Func<IEnumerable<string>> connectOrigins)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(connectOrigins);
        var indexHtml = File.ReadAllText(Path.Combine(webRoot, "index.html"));
        HeaderFor(indexHtml, connectOrigins()); // a page without the meta policy stops the host at start, not at the first request
        return app.Use((context, next) =>
        {
            context.Response.Headers.ContentSecurityPolicy = HeaderFor(indexHtml, connectOrigins());
            return next(context);
        });
    }

    [GeneratedRegex("<meta http-equiv=\"Content-Security-Policy\" content=\"(?<policy>[^\"]*)\"", RegexOptions.CultureInvariant)]
    private static partial Regex MetaPolicy();
}
