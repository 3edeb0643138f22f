using System.Numerics;
using System.Security.Cryptography;
using EmrShare.Core;
using EmrShare.Ledger;
using EmrShare.Nodes.Center;
using EmrShare.Nodes.Chain;
using EmrShare.Nodes.Deployment;

namespace EmrShare.Nodes.Tests.Center;

/// <summary>A deployed Center on a real chain plus a temp folder for its enrolment queue; helpers to read the chain back.</summary>
internal sealed class EnrolmentTestBed : IAsyncDisposable
{
    private readonly List<EnrolmentQueue> _queues = [];

    private EnrolmentTestBed(ChainAccess access, CenterService center, string folder)
    {
        Access = access;
        Center = center;
        Folder = folder;
    }

    public ChainAccess Access { get; }

    public CenterService Center { get; }

    public string Folder { get; }

    public static async Task<EnrolmentTestBed> DeployAsync(ChainAccess access, CancellationToken ct)
    {
        var center = await CenterService.DeployAsync(access, LedgerOptions.DevPrivateKeys[0], ct);
        var folder = Path.Combine(Path.GetTempPath(), "emrshare-enrol-" + Guid.NewGuid().ToString("N"));
        return new EnrolmentTestBed(access, center, folder);
    }

    /// <summary>Opens the queue on the bed's folder (again, for a restart); disposed with the bed.</summary>
    public async Task<EnrolmentQueue> OpenQueueAsync(int roundSize, CancellationToken ct, decimal indexGas = 0.5m)
    {
        var queue = await EnrolmentQueue.OpenAsync(Folder, Center, new EnrolmentPolicy(roundSize, indexGas), TimeProvider.System, ct);
        _queues.Add(queue);
        return queue;
    }

    /// <summary>A fresh patient's request with valid proofs of possession for this bed's chain and Registry.</summary>
    public PatientRegistrationRequest NewRequest(int pseudonyms = 3)
    {
        using var identity = Core.Identity.PatientIdentity.Create();
        return PatientRegistrationRequest.Prove(identity, [.. Enumerable.Range(0, pseudonyms).Select(_ => NewAddress())],
            Hash32.FromBytes(RandomNumberGenerator.GetBytes(32)), (ulong)Access.ChainId, ChainAddress.Parse(Center.Addresses.Registry), TimeProvider.System);
    }

    public static ChainAddress NewAddress() => ChainAddress.FromBytes(RandomNumberGenerator.GetBytes(20));

    public async Task<BigInteger> BlockNumberAsync() =>
        (await Access.Connect(LedgerOptions.DevPrivateKeys[5]).Eth.Blocks.GetBlockNumber.SendRequestAsync()).Value;

    public async Task<BigInteger> BalanceWeiAsync(ChainAddress account) =>
        (await Access.Connect(LedgerOptions.DevPrivateKeys[5]).Eth.GetBalance.SendRequestAsync(account.ToString())).Value;

    /// <summary>True when the commitment and every account of the request are registered on chain.</summary>
    public async Task<bool> IsFullyRegisteredAsync(PatientRegistrationRequest request, CancellationToken ct)
    {
        if (!await Center.Chain.Registry.IsPatientRegisteredAsync(request.IdentityCommitment.ToBytes32(), ct))
        {
            return false;
        }

        foreach (var account in request.Pseudonyms.Append(request.IndexAccount))
        {
            if (!await Center.Chain.Registry.IsPatientPseudonymAsync(account.ToString(), ct))
            {
                return false;
            }
        }

        return true;
    }

    public async Task<bool> IsAnythingRegisteredAsync(PatientRegistrationRequest request, CancellationToken ct)
    {
        if (await Center.Chain.Registry.IsPatientRegisteredAsync(request.IdentityCommitment.ToBytes32(), ct))
        {
            return true;
        }

        foreach (var account in request.Pseudonyms.Append(request.IndexAccount))
        {
            if (await Center.Chain.Registry.IsPatientPseudonymAsync(account.ToString(), ct))
            {
                return true;
            }
        }

        return false;
    }

    public ValueTask DisposeAsync()
    {
        foreach (var queue in _queues)
        {
            queue.Dispose();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open only leaves a temp folder behind.
        }
        catch (UnauthorizedAccessException)
        {
            // Same: never fail a test over temp cleanup.
        }

        return ValueTask.CompletedTask;
    }
}
