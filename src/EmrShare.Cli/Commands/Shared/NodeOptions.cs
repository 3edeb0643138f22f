using Spectre.Console;

namespace EmrShare.Cli.Commands.Shared;

/// <summary>
/// The <c>--node</c> mode's option rules: the node's URL is https (plain http only on a loopback address), and the
/// options that open a data folder locally (keystore, deployment, chain) make no sense with it and are refused.
/// </summary>
public static class NodeOptions
{
    public static ValidationResult Validate(ActorSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return ValidateUrl(settings.Node) ?? Conflict(("--data", settings.DataDirectory), ("--passphrase-file", settings.PassphraseFile), ("--deployment", settings.DeploymentFile), ("--rpc", settings.Rpc))
            ?? ValidationResult.Success();
    }

    /// <summary>
    /// An error unless <paramref name="url"/> is an https URL, or http to a loopback address: operator tokens,
    /// and for <c>token create</c> the password and TOTP code, must not cross the network in clear.
    /// </summary>
    public static ValidationResult? ValidateUrl(string? url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var node) || node.Scheme is not ("https" or "http"))
        {
            return ValidationResult.Error("--node must be the node's https URL");
        }

        return node.Scheme == "http" && !node.IsLoopback
            ? ValidationResult.Error("--node must be https (plain http only to a loopback address): the operator token, and a password, would cross the network in clear")
            : null;
    }

    /// <summary>An error naming the first option given together with <c>--node</c>, or null.</summary>
    public static ValidationResult? Conflict(params (string Option, string? Value)[] options)
    {
        ArgumentNullException.ThrowIfNull(options);
        foreach (var (option, value) in options)
        {
            if (value is not null)
            {
                return ValidationResult.Error($"{option} cannot be used with --node: with --node the running node does the work (its own data folder, keystore and chain), the command only calls its API");
            }
        }

        return null;
    }
}
