using System.Net.Sockets;
using EmrShare.Chain;
using EmrShare.Core;
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
        // The command line's and a --node call's own failures first: describing them never loads the chain, FHIR or storage assemblies the rest names.
        return exception switch
        {
            CliUsageException e => (ExitCodes.Usage, e.Message),
            NodeRefusedException e => NodeRefusal(e),
            NodeTlsException e => (ExitCodes.Unreachable, e.Message),
            _ => DescribeDomain(exception),
        };
    }

    private static (int Code, string Message) DescribeDomain(Exception exception) =>
        exception switch
        {
            ServiceDefaults.ServiceConfigurationException e => (ExitCodes.Usage, e.Message),
            KeystorePassphraseException => (ExitCodes.WrongPassphrase, "wrong passphrase for this data folder's keystore"),
            KeystoreEntryNotFoundException e => (ExitCodes.NotFound, $"keystore: {e.Message} (run 'init' for this data folder first)"),
            DeploymentFileException e => (ExitCodes.NotFound, e.Message),
            UnknownEntityException e => (ExitCodes.NotFound, e.Message),
            FileNotFoundException e => (ExitCodes.NotFound, e.Message),
            DirectoryNotFoundException e => (ExitCodes.NotFound, e.Message),
            FulfilmentTimeoutException e => (ExitCodes.Unreachable, "timed out: " + e.Message),
            ChainUnavailableException e => (ExitCodes.Unreachable, Flatten(e.Message)),
            StorageUnavailableException e => (ExitCodes.Unreachable, e.Message),
            NotRegisteredException e => (ExitCodes.Refused, "not registered: " + e.Message),
            AccessDeniedException e => (ExitCodes.Refused, "access denied: " + e.Message),
            NodeException e => (ExitCodes.Refused, e.Message),
            EmrFormatException e => (ExitCodes.Refused, "invalid record: " + Flatten(e.Message)),
            ContractRevertedException e => (ExitCodes.Refused, $"the chain refused the transaction ({e.ErrorName})"),
            TransactionFailedException e => (ExitCodes.Refused, e.Message),
            NonceConflictException e => (ExitCodes.Refused, e.Message),
            EmrShareSecurityException e => (ExitCodes.Refused, $"{e.GetType().Name}: {e.Message}"),
            RpcResponseException e => (ExitCodes.Refused, "the JSON-RPC node refused: " + e.Message),
            Storage.Kubo.BlobStoreUnreachableException e => (ExitCodes.Unreachable, e.Message),
            Storage.BlobNotFoundException e => (ExitCodes.NotFound, "not in the blob store: " + e.Message),
            OperationCanceledException when IsTimeout(exception) => (ExitCodes.Unreachable, "timed out waiting for the chain or a peer"),
            OperationCanceledException => (ExitCodes.Interrupted, "interrupted"),
            _ when IsUnreachable(exception) => (ExitCodes.Unreachable, "cannot reach " + Unreachable(exception)),
            _ => (ExitCodes.Failed, $"unexpected {exception.GetType().Name}: {Flatten(exception.Message)}"),
        };

    private static (int Code, string Message) NodeRefusal(NodeRefusedException e) => (int)e.Status switch
    {
        401 => (ExitCodes.TokenRefused, "the node refused the operator token (expired, revoked, or its account's password was reset or the account disabled): get a new one with 'emrshare hospital token create'"),
        403 => (ExitCodes.Refused, "access denied: " + Flatten(e.Detail)),
        404 or 410 => (ExitCodes.NotFound, Flatten(e.Detail)),
        >= 400 and < 500 => (ExitCodes.Refused, Flatten(e.Detail)),
        504 => (ExitCodes.Unreachable, "timed out: " + Flatten(e.Detail)),
        _ => (ExitCodes.Failed, Flatten(e.Message)),
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
