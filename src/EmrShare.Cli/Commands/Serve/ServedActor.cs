using EmrShare.Web.Hosting;

namespace EmrShare.Cli.Commands.Serve;

/// <summary>
/// What one actor's serve step in <see cref="ServeHost"/> opens before its web app starts: the <see cref="WebActor"/>
/// the app serves, everything opened for it (disposed in reverse order after the app stops), the node's identity line
/// and the actor-specific work once the app listens.
/// </summary>
internal sealed class ServedActor : ServeResources
{
    /// <summary>The actor the web app serves; set by the opening step.</summary>
    public WebActor Web { get; set; } = null!;

    /// <summary>The line naming this node (e.g. <c>center: 0x…</c>), printed before the <c>listen</c> lines.</summary>
    public (string Name, object Value)? Identity { get; set; }

    /// <summary>What the <c>ready</c> line says this host serves.</summary>
    public string Ready { get; set; } = string.Empty;

    /// <summary>
    /// Runs once the app listens, with its public base URL (the Center writes its JSON-RPC URL to deployment.json, a
    /// hospital publishes its endpoint in the Center's directory); prints through the context's printer.
    /// </summary>
    public Func<Uri, CancellationToken, Task>? Listening { get; set; }
}
