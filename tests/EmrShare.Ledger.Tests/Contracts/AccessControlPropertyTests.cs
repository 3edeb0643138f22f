using EmrShare.Chain.Tests.Support;
using EmrShare.Ledger.Tests.TestKit;
using EmrShare.TestSupport;
using FsCheck;
using FsCheck.Fluent;

namespace EmrShare.Ledger.Tests.Contracts;

/// <summary>Block time the test moves by hand, so grants expire between two calls of a sequence.</summary>
public sealed class ManualClock : TimeProvider
{
    private long _seconds = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    public long Seconds => Interlocked.Read(ref _seconds);

    public void Advance(int seconds) => Interlocked.Add(ref _seconds, seconds);

    public override DateTimeOffset GetUtcNow() => DateTimeOffset.FromUnixTimeSeconds(Seconds);
}

/// <summary>The embedded ledger on a <see cref="ManualClock"/>, behind its HTTP JSON-RPC server.</summary>
public sealed class ManualClockLedgerFixture : ChainEndpointFixture
{
    public ManualClock Clock { get; } = new();

    protected override async Task<IChainEndpoint> StartAsync(CancellationToken cancellationToken) =>
        await EmbeddedLedgerEndpoint.StartAsync(null, cancellationToken, Clock);
}

/// <summary>
/// Issue 15 #3: property tests of Registry and AccessControl. FsCheck generates call sequences (grants, replays,
/// revocations, time passing, requests naming any custodian, fulfilments by any hospital, break-glass, emergency
/// requests, registrations by anyone) and drives the real contracts on the embedded EVM; a reference model predicts
/// for every call whether the chain must accept it. For every sequence: only the custodian a request names fulfils
/// it; a revoked or expired grant is never usable; a signed grant (its nonce) is never accepted twice; only the
/// Center registers hospitals, patients and pseudonyms (practitioners: the Center or their own hospital).
/// </summary>
public sealed partial class AccessControlPropertyTests(ManualClockLedgerFixture fixture)
    : ChainTestBase<ManualClockLedgerFixture>(fixture), IClassFixture<ManualClockLedgerFixture>
{
    private const int Sequences = 40;

    private Actor HospitalC => Spare1;

    private Actor PractitionerC => Spare2;

    private readonly ManualClock _clock = fixture.Clock;

    private ManualClock Clock => _clock;

    [Fact]
    public async Task CallSequences_AnyOrder_ChainAgreesWithModelAndInvariantsHold()
    {
        await As(Center).Registry.RegisterHospitalAsync(HospitalC.Address, TestIds.EncryptionKey(), TestIds.Random(), Ct);
        await As(Center).Registry.RegisterPractitionerAsync(PractitionerC.Address, HospitalC.Address, Ct);

        // Sequences run one after another on one deployment; each uses fresh record ids and grant nonces, so the
        // model of a sequence starts empty. FsCheck's property is synchronous: each sequence runs to completion.
        Prop.ForAll(AccessOpGen.Sequences.ToArbitrary(), ops => Task.Run(() => RunAsync(ops)).GetAwaiter().GetResult())
            .Check(Config.QuickThrowOnFailure.WithMaxTest(Sequences).WithQuietOnSuccess(true));
    }

    private async Task RunAsync(AccessOp[] ops)
    {
        var model = new AccessModel(this);
        for (var i = 0; i < ops.Length; i++)
        {
            await model.ApplyAsync(ops[i], $"step {i} of [{string.Join(", ", ops.Select(o => o.ToString()))}]");
        }

        await model.CheckInvariantsAsync();
    }
}
