using System.ComponentModel;
using System.Globalization;
using EmrShare.Cli.Commands.Admin;
using EmrShare.Cli.Commands.Shared;
using EmrShare.Core.IO;
using EmrShare.Web.Auth;
using Spectre.Console;
using Spectre.Console.Cli;

namespace EmrShare.Cli.Commands.Hospital;

/// <summary>
/// <c>emrshare hospital token create</c>: signs in to the running node as a staff account (password from a file,
/// <c>EMRSHARE_ADMIN_PASSWORD</c> or a prompt; the TOTP code when the account has one) and writes an operator
/// token (scope, fixed expiry) to a private file for <c>--node</c> commands. The node audits the issue and every use.
/// </summary>
public sealed class HospitalTokenCreateCommand : ActorCommand<HospitalTokenCreateCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--node <URL>")]
        [Description("The running node's https URL. Required.")]
        public string? Node { get; init; }

        [CommandOption("--ca-bundle <FILE>")]
        [Description("PEM bundle of the CA(s) the node's certificate must chain to (default: the system trust store).")]
        public string? CaBundle { get; init; }

        [CommandOption("--user <NAME>")]
        [Description("The staff account the token acts as (its role decides what the token may do). Required.")]
        public string? User { get; init; }

        [CommandOption("--password-file <FILE>")]
        [Description("File whose first line is the account's password (default: EMRSHARE_ADMIN_PASSWORD, else a prompt).")]
        public string? PasswordFile { get; init; }

        [CommandOption("--totp <CODE>")]
        [Description("The current 6-digit code of the account's authenticator app, when it has one (valid once, for seconds).")]
        public string? Totp { get; init; }

        [CommandOption("--scope <SCOPE>")]
        [Description("read (GET only: records, audit, read) or write (also create-record, request). Default read.")]
        [DefaultValue("read")]
        public string Scope { get; init; } = "read";

        [CommandOption("--lifetime <DURATION>")]
        [Description("How long the token lives, like 8h, 30m or 7d (at most 30d). Default 8h.")]
        [DefaultValue("8h")]
        public string Lifetime { get; init; } = "8h";

        [CommandOption("--out <FILE>")]
        [Description("Where to write the token (a private file, mode 0600). Required.")]
        public string? Out { get; init; }

        public override ValidationResult Validate() =>
            Node is null || User is null || Out is null ? ValidationResult.Error("--node, --user and --out are required")
            : NodeOptions.ValidateUrl(Node) is { } badUrl ? badUrl
            : Scope is not (OperatorScopes.Read or OperatorScopes.Write) ? ValidationResult.Error("--scope must be read or write")
            : ValidationResult.Success();
    }

    protected override async Task<int> RunAsync(Settings settings, CancellationToken cancellationToken)
    {
        var lifetime = Args.Duration(settings.Lifetime, "--lifetime");
        if (lifetime > OperatorTokenService.MaxLifetime)
        {
            throw new CliUsageException("--lifetime is at most 30d");
        }

        var password = AdminPasswords.Resolve(settings.PasswordFile);
        using var api = NodeApi.Anonymous(settings.Node!, settings.CaBundle);
        var request = new OperatorTokenRequest(settings.User, password, settings.Totp, settings.Scope, (int)lifetime.TotalMinutes);
        OperatorTokenIssued issued;
        try
        {
            issued = await api.PostAsync<OperatorTokenIssued>("api/session/operator-token", NodeApi.Json(request), cancellationToken).ConfigureAwait(false);
        }
        catch (NodeRefusedException ex) when (ex.Status == System.Net.HttpStatusCode.Unauthorized)
        {
            // Here a 401 is the sign-in itself, not a token: say so (wrong password, or the TOTP code missing or wrong).
            throw new NodeRefusedException(System.Net.HttpStatusCode.Forbidden, "sign-in refused: " + ex.Detail);
        }

        await PrivateFiles.WriteAllTextAsync(settings.Out!, issued.AccessToken + "\n", cancellationToken).ConfigureAwait(false);
        Output.Field("user", settings.User);
        Output.Field("scope", issued.Scope);
        Output.Field("expires", issued.ExpiresAt.ToString("u", CultureInfo.InvariantCulture));
        Output.Field("written", settings.Out);
        return ExitCodes.Ok;
    }
}

/// <summary>
/// <c>emrshare hospital token revoke</c>: ends a token's server-side session at once (it is refused from then on):
/// the token of <c>--token-file</c> itself, or with <c>--id</c> another account's token (an administrator's write token; audited).
/// </summary>
public sealed class HospitalTokenRevokeCommand : ActorCommand<HospitalTokenRevokeCommand.Settings>
{
    public sealed class Settings : ActorSettings
    {
        [CommandOption("--id <ID>")]
        [Description("Revoke this token ('token list' shows the ids; needs an administrator's write token) instead of the token of --token-file.")]
        public string? Id { get; init; }

        public override ValidationResult Validate() =>
            Node is null ? ValidationResult.Error("--node <URL> is required: the token is revoked on the node that issued it")
            : Id is not null && !OperatorTokenIdPattern.IsValid(Id) ? ValidationResult.Error("--id must be a token id as 'token list' prints it (16 hex digits)")
            : base.Validate();
    }

    protected override bool TalksToNode => true;

    protected override async Task<int> RunAsync(Settings settings, CancellationToken cancellationToken)
    {
        using var api = NodeApi.Open(settings);
        if (settings.Id is { } id)
        {
            var revoked = await api.DeleteAsync<OperatorTokenView>("api/staff/operator-tokens/" + id, cancellationToken).ConfigureAwait(false);
            Output.Field("revoked", $"token {revoked.Id} of {revoked.Account} ({revoked.Scope}); the node refuses it from now on");
            return ExitCodes.Ok;
        }

        await api.DeleteAsync("api/session", cancellationToken).ConfigureAwait(false);
        Output.Field("revoked", "the token's session ended; the node refuses it from now on");
        return ExitCodes.Ok;
    }
}

/// <summary><c>emrshare hospital token list</c>: every account's live operator tokens (an administrator's token; ids for <c>revoke --id</c>).</summary>
public sealed class HospitalTokenListCommand : ActorCommand<HospitalTokenListCommand.Settings>
{
    public sealed class Settings : ActorSettings
    {
        public override ValidationResult Validate() =>
            Node is null ? ValidationResult.Error("--node <URL> is required: tokens are listed by the node that issued them") : base.Validate();
    }

    protected override bool TalksToNode => true;

    protected override async Task<int> RunAsync(Settings settings, CancellationToken cancellationToken)
    {
        using var api = NodeApi.Open(settings);
        var tokens = await api.GetAsync<List<OperatorTokenView>>("api/staff/operator-tokens", cancellationToken).ConfigureAwait(false);
        foreach (var token in tokens)
        {
            Output.Field("token", string.Create(CultureInfo.InvariantCulture,
                $"{token.Id} {token.Account} {token.Scope} issued {token.Issued:u} expires {(token.Expires is { } e ? e.ToString("u", CultureInfo.InvariantCulture) : "-")} last-used {token.LastUsed:u}"));
        }

        Output.Field("count", tokens.Count);
        return ExitCodes.Ok;
    }
}

/// <summary>The shape of a token id (<see cref="OperatorTokenIds"/>), checked before it goes into a URL.</summary>
internal static class OperatorTokenIdPattern
{
    public static bool IsValid(string id) => id.Length == 16 && id.All(char.IsAsciiHexDigitLower);
}
