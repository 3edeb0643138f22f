using EmrShare.Cli.Commands.Shared;
using EmrShare.Core.IO;
using EmrShare.Nodes.Hospital;
using EmrShare.Web.Auth;

namespace EmrShare.Cli.Commands.Admin;

/// <summary>
/// Creates the first (or another) administrator in the accounts database the actor's host signs in from
/// (<c>&lt;data&gt;/web-accounts.db</c>). A fresh host has no accounts and refuses every sign-in until this runs; there
/// is no default credential. An existing user name is refused (resetting a password is a dashboard action).
/// </summary>
public abstract class AdminCreateCommand : ActorCommand<AdminCreateSettings>
{
    /// <summary>The role the new account gets (<see cref="Roles.CenterAdmin"/> or <see cref="Roles.HospitalAdmin"/>).</summary>
    protected abstract string Role { get; }

    protected override async Task<int> RunAsync(AdminCreateSettings settings, CancellationToken cancellationToken)
    {
        var data = settings.DataFolder();
        var user = settings.User!.Trim();
        var accounts = await AccountStore.OpenAsync(Path.Combine(data, AdminAccounts.FileName), cancellationToken).ConfigureAwait(false);
        if (await accounts.FindAsync(user, cancellationToken).ConfigureAwait(false) is not null)
        {
            throw new CliUsageException($"account '{user}' already exists (reset its password in the dashboard)");
        }

        var password = AdminPasswords.Resolve(settings.PasswordFile);
        // The same rules as the dashboard's staff page (ASVS 2.1): length, the common/breached list, not the user name.
        if (PasswordPolicy.Check(user, password) is { Accepted: false } refused)
        {
            throw new CliUsageException("password refused: " + refused.Reason);
        }

        // Also written to the account audit the staff page lists (actor "cli").
        await accounts.CreateAsync(user, password, Role, null, "cli", TimeProvider.System.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        await AuditAsync(data, user, cancellationToken).ConfigureAwait(false);
        Output.Field("created", user);
        Output.Field("role", Role);
        return ExitCodes.Ok;
    }

    /// <summary>Writes the creation to the actor's local audit log, where it has one.</summary>
    protected virtual Task AuditAsync(string data, string user, CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary><c>emrshare center admin create --user NAME</c>: a Center administrator.</summary>
public sealed class CenterAdminCreateCommand : AdminCreateCommand
{
    protected override string Role => Roles.CenterAdmin;
}

/// <summary><c>emrshare hospital admin create --user NAME</c>: a hospital administrator, recorded in the hospital's local audit log.</summary>
public sealed class HospitalAdminCreateCommand : AdminCreateCommand
{
    protected override string Role => Roles.HospitalAdmin;

    protected override async Task AuditAsync(string data, string user, CancellationToken cancellationToken)
    {
        var path = Path.Combine(data, "emr.db");
        PrivateFiles.PrepareDatabase(path);
        var database = await HospitalDatabase.OpenAsync(path, cancellationToken).ConfigureAwait(false);
        try
        {
            await database.AddAuditAsync(new AuditRow
            {
                At = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds(),
                Kind = "admin-account-created",
                Counterpart = user,
            }, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            database.ReleaseConnections();
        }
    }
}
