namespace EmrShare.Nodes.Discovery;

/// <summary>
/// Where this hospital's entry in the Center's directory stands, as its host's <c>/readyz</c> reports it (check
/// <c>directory</c>): not ready while it waits for its registration at the Center or while the Center cannot be reached,
/// ready once the entry is published. Only fixed phrases and the hospital's own public URL: no PHI.
/// </summary>
public sealed class DirectoryPublicationStatus
{
    /// <summary>The phrase operators see while the Registry does not list this hospital yet.</summary>
    public const string WaitingForRegistration = "waiting for registration at the Center";

    private volatile string? _problem = "not published at the Center yet";

    /// <summary>Null once published; else why not (for <c>/readyz</c>).</summary>
    public string? Problem => _problem;

    public void Waiting(string reason) => _problem = reason;

    public void Published() => _problem = null;
}
