namespace EmrShare.Cli.Commands.Shared;

/// <summary>Where an actor's web host keeps its staff accounts: <c>&lt;data&gt;/web-accounts.db</c>.</summary>
internal static class AdminAccounts
{
    public const string FileName = "web-accounts.db";
}
