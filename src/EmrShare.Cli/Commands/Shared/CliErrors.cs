using System.Net.Sockets;
using EmrShare.Chain;
using EmrShare.Core;
using EmrShare.Core.Errors;
using EmrShare.Fhir;
using EmrShare.Nodes;
using EmrShare.Nodes.Deployment;
using Nethereum.JsonRpc.Client;

namespace EmrShare.Cli.Commands.Shared;

/// <summary>
/// Turns any failure of an actor command into an exit code and ONE line of text — no stack trace, and no key,
/// plaintext or patient data (node exceptions never carry them; unknown exceptions show only their type and message).
/// </summary>
public static class CliErrors
{
    public static (int Code, string Message) Describe(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return (ExitCode(exception), Line(exception));
    }

    /// <summary>The exit code: the error model's table (<see cref="ErrorTable"/>) for the failure's kind.</summary>
    public static int ExitCode(Exception exception) => ErrorTable.For(KindOf(exception)).ExitCode;

    /// <summary>
    /// The kind of a failure, as the table knows it; the CLI only adds what it alone sees: a cancellation that was
    /// really a timeout, and (in <see cref="ForeignKindOf"/>) the JSON-RPC client's and the file system's failures.
    /// </summary>
    private static ErrorKind KindOf(Exception exception) => exception switch
    {
        EmrShareException e => e.Kind,
        OperationCanceledException when IsTimeout(exception) => ErrorKind.Timeout,
        OperationCanceledException => ErrorKind.Cancelled,
        _ => ForeignKindOf(exception),
    };

    // Apart from KindOf, so that an EmrShare failure (a usage error above all) never loads the chain client's assemblies.
    private static ErrorKind ForeignKindOf(Exception exception) => exception switch
    {
        RpcResponseException => ErrorKind.Refused,
        _ when IsUnreachable(exception) => ErrorKind.Unavailable,
        FileNotFoundException or DirectoryNotFoundException => ErrorKind.NotFound,
        _ when ErrorKindAttribute.Of(exception.GetType()) is var declared and not ErrorKind.Unexpected => declared,
        _ => ErrorKind.Unexpected,
    };

    // The one line for each failure. The command line's and a --node call's own failures first: describing them never
    // loads the chain, FHIR or storage assemblies the rest names.
    private static string Line(Exception exception) => exception switch
    {
        CliUsageException e => e.Message,
        NodeRefusedException e => NodeRefusal(e),
        NodeTlsException e => e.Message,
        _ => DomainLine(exception),
    };

    private static string DomainLine(Exception exception) =>
        exception switch
        {
            ServiceDefaults.ServiceConfigurationException e => e.Message,
            KeystorePassphraseException => "wrong passphrase for this data folder's keystore",
            KeystoreEntryNotFoundException e => $"keystore: {e.Message} (run 'init' for this data folder first)",
            DeploymentFileException e => e.Message,
            UnknownEntityException e => e.Message,
            FileNotFoundException e => e.Message,
            DirectoryNotFoundException e => e.Message,
            FulfilmentTimeoutException e => "timed out: " + e.Message,
            ChainUnavailableException e => Flatten(e.Message),
            StorageUnavailableException e => e.Message,
            NotRegisteredException e => "not registered: " + e.Message,
            AccessDeniedException e => "access denied: " + e.Message,
            NodeException e => e.Message,
            EmrFormatException e => "invalid record: " + Flatten(e.Message),
            ContractRevertedException e => $"the chain refused the transaction ({e.ErrorName})",
            TransactionFailedException e => e.Message,
            NonceConflictException e => e.Message,
            EmrShareSecurityException e => $"{e.GetType().Name}: {e.Message}",
            RpcResponseException e => "the JSON-RPC node refused: " + e.Message,
            Storage.Kubo.BlobStoreUnreachableException e => e.Message,
            Storage.BlobNotFoundException e => "not in the blob store: " + e.Message,
            OperationCanceledException when IsTimeout(exception) => "timed out waiting for the chain or a peer",
            OperationCanceledException => "interrupted",
            EmrShareException e when e.Kind != ErrorKind.Unexpected => Flatten(e.Message),
            _ when IsUnreachable(exception) => "cannot reach " + Unreachable(exception),
            _ => $"unexpected {exception.GetType().Name}: {Flatten(exception.Message)}",
        };

    private static string NodeRefusal(NodeRefusedException e) => e.Kind switch
    {
        ErrorKind.CredentialsRefused => "the node refused the operator token (expired, revoked, or its account's password was reset or the account disabled): get a new one with 'emrshare hospital token create'",
        ErrorKind.Refused => "access denied: " + Flatten(e.Detail),
        ErrorKind.Timeout => "timed out: " + Flatten(e.Detail),
        _ when (int)e.Status >= 500 => Flatten(e.Message),
        _ => Flatten(e.Detail),
    };

    private static bool IsTimeout(Exception exception) => exception.InnerException is TimeoutException;

    private static bool IsUnreachable(Exception exception) =>
        Chain(exception).Any(e => e is HttpRequestException or SocketException or RpcClientUnknownException or RpcClientTimeoutException);

    private static string Unreachable(Exception exception)
    {
        var http = Chain(exception).OfType<HttpRequestException>().FirstOrDefault();
        var rpc = Chain(exception).Any(e => e is RpcClientUnknownException or RpcClientTimeoutException);
        var what = rpc ? "the JSON-RPC node" : "a peer or store";
        return http is null ? what : $"{what}: {Flatten(http.Message)}";
    }

    private static IEnumerable<Exception> Chain(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            yield return e;
        }
    }

    private static string Flatten(string text) => text.ReplaceLineEndings(" ");
}
