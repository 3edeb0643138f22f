using EmrShare.Chain;
using EmrShare.Chain.Tests.Support;

namespace EmrShare.Ledger.Tests.Contracts;

public sealed partial class AccessControlPropertyTests
{
    /// <summary>Reference model of one sequence: what the chain must accept, and what it must hold afterwards.</summary>
    private sealed class AccessModel(AccessControlPropertyTests t)
    {
        private readonly Bytes32[] _records = [.. Enumerable.Range(0, AccessOpGen.Records).Select(_ => TestIds.Random())];
        private readonly HashSet<(int Hospital, int Record)> _anchored = [];
        private readonly List<GrantState> _grants = [];
        private readonly List<RequestState> _requests = [];
        private SignedGrant? _lastSigned;
        private bool _lastStored;

        private Actor[] Hospitals => [t.HospitalA, t.HospitalB, t.HospitalC, t.Outsider];

        private Actor[] Patients => [t.Patient, t.OtherPatient];

        private long Now => t.Clock.Seconds;

        public async Task ApplyAsync(AccessOp op, string where)
        {
            switch (op)
            {
                case AdvanceTime a:
                    t.Clock.Advance(a.Seconds);
                    break;
                case AnchorRecord a:
                    var fresh = !_anchored.Contains((a.Hospital, a.Record));
                    if (await Outcome(fresh, where, () => t.As(Hospitals[a.Hospital]).Records.AnchorRecordAsync(_records[a.Record], 1, TestIds.Random(), Bytes32.Zero, Ct)))
                    {
                        _anchored.Add((a.Hospital, a.Record));
                    }

                    break;
                case SubmitGrant g:
                    await SubmitAsync(g, where);
                    break;
                case RevokeGrant r when _grants.Count > 0:
                    var grant = _grants[r.Grant % _grants.Count];
                    Actor[] revokers = [grant.Patient, grant.Patient == t.Patient ? t.OtherPatient : t.Patient, Hospitals[grant.Grantee]];
                    if (await Outcome(r.Caller == 0 && !grant.Revoked, where, () => t.As(revokers[r.Caller]).AccessControl.RevokeAsync(grant.Ref, Ct)))
                    {
                        grant.Revoked = true;
                    }

                    break;
                case RequestRecord q when _grants.Count > 0:
                    await RequestAsync(q, where);
                    break;
                case FulfilRequest f when _requests.Count > 0:
                    var request = _requests[f.Request % _requests.Count];
                    if (await Outcome(Fulfils(request, f.Hospital), where, () => t.As(Hospitals[f.Hospital]).AccessControl.RecordFulfilmentAsync(request.Id, TestIds.Random(), Ct)))
                    {
                        request.Fulfilled = true;
                    }

                    break;
                case FulfilBatch f when _requests.Count > 0:
                    var (first, second) = (_requests[f.First % _requests.Count], _requests[f.Second % _requests.Count]);
                    var all = first != second && Fulfils(first, f.Hospital) && Fulfils(second, f.Hospital);
                    FulfilmentEntry[] batch = [new(first.Id, TestIds.Random()), new(second.Id, TestIds.Random())];
                    if (await Outcome(all, where, () => t.As(Hospitals[f.Hospital]).AccessControl.RecordFulfilmentsAsync(batch, Ct)))
                    {
                        (first.Fulfilled, second.Fulfilled) = (true, true);
                    }

                    break;
                case BreakGlassRead b:
                    var holds = HospitalOf(b.Practitioner) is { } h && _anchored.Contains((h, b.Record));
                    await Outcome(holds, where, () => t.As(Practitioners[b.Practitioner]).AccessControl.BreakGlassAsync(Patients[b.Patient].Address, _records[b.Record], 1, Ct));
                    break;
                case RequestEmergency e:
                    var asks = HospitalOf(e.Practitioner) is not null && e.Custodian < 3;
                    var id = Bytes32.Zero;
                    if (await Outcome(asks, where, async () => id = (await t.As(Practitioners[e.Practitioner]).AccessControl.RequestEmergencyAccessAsync(Hospitals[e.Custodian].Address, _records[e.Record], 1, Ct)).RequestId))
                    {
                        _requests.Add(new RequestState(id, null, e.Record, e.Custodian));
                    }

                    break;
                case FulfilEmergency f when _requests.Count > 0:
                    var emergency = _requests[f.Request % _requests.Count];
                    var serves = emergency.Grant is null && f.Hospital == emergency.Custodian && !emergency.Fulfilled && _anchored.Contains((f.Hospital, emergency.Record));
                    if (await Outcome(serves, where, () => t.As(Hospitals[f.Hospital]).AccessControl.RecordEmergencyFulfilmentAsync(emergency.Id, Patients[f.Patient].Address, TestIds.Random(), Ct)))
                    {
                        emergency.Fulfilled = true;
                    }

                    break;
                case Register r:
                    await RegisterAsync(r, where);
                    break;
            }
        }

        /// <summary>After the sequence: every request's fulfilment and custodian, and every grant's usability, as modelled.</summary>
        public async Task CheckInvariantsAsync()
        {
            foreach (var request in _requests)
            {
                var onChain = await t.As(t.Outsider).AccessControl.GetRequestAsync(request.Id, Ct);
                Assert.Equal(request.Fulfilled, onChain.Fulfilled);
                Assert.Equal(Hospitals[request.Custodian].Address, onChain.Custodian, ignoreCase: true);
            }

            foreach (var grant in _grants)
            {
                // Usable exactly while live (a revoked or expired grant never is), and its signature is never taken twice.
                Assert.Equal(grant.LiveAt(Now), await t.As(t.Outsider).AccessControl.HasAccessAsync(grant.Ref, _records[0], [], Ct));
                // (An expired one is refused for its expiry first.)
                var refusal = (long)grant.Signed.Terms.Expiry > Now ? "AccessControlGrantExists" : "AccessControlGrantExpired";
                await AssertRevertsAsync(refusal, () => t.As(t.Outsider).AccessControl.SubmitGrantAsync(grant.Signed, Ct));
            }
        }

        /// <summary>A granted request, still open, whose grant is live, fulfilled by the custodian it names.</summary>
        private bool Fulfils(RequestState request, int hospital) =>
            request.Grant is { } granted && hospital == request.Custodian && !request.Fulfilled && granted.LiveAt(Now);

        private Actor[] Practitioners => [t.Practitioner, t.PractitionerC, t.Outsider];

        private static int? HospitalOf(int practitioner) => practitioner switch { 0 => 0, 1 => 2, _ => null };

        private async Task SubmitAsync(SubmitGrant g, string where)
        {
            var replay = g.ReplayLast && _lastSigned is not null;
            var signed = replay ? _lastSigned! : await t.SignGrantAsync(Hospitals[g.Grantee].Address, expiry: (ulong)(Now + g.ExpiresIn), signer: Patients[g.Patient]);
            var terms = signed.Terms;
            var accepted = !(replay && _lastStored) && (long)terms.Expiry > Now && Array.FindIndex(Hospitals, h => h.Address == terms.Grantee) < 3;
            GrantReceipt? receipt = null;
            var stored = await Outcome(accepted, where, async () => receipt = await t.As(t.Outsider).AccessControl.SubmitGrantAsync(signed, Ct));
            if (stored)
            {
                var grantee = Array.FindIndex(Hospitals, h => h.Address == terms.Grantee);
                _grants.Add(new GrantState(receipt!.Grant, signed, Patients.First(p => p.Address == terms.Patient), grantee, (long)terms.Expiry));
            }

            _lastSigned = signed;
            _lastStored = stored || (replay && _lastStored);
        }

        private async Task RequestAsync(RequestRecord q, string where)
        {
            var grant = _grants[q.Grant % _grants.Count];
            var caller = q.ByGrantee ? grant.Grantee : (grant.Grantee + 1) % 3;
            var accepted = q.ByGrantee && grant.LiveAt(Now) && q.Custodian < 3;
            var id = Bytes32.Zero;
            if (await Outcome(accepted, where, async () => id = (await t.As(Hospitals[caller]).AccessControl.RequestAccessAsync(grant.Ref, _records[q.Record], Hospitals[q.Custodian].Address, [], Ct)).RequestId))
            {
                _requests.Add(new RequestState(id, grant, q.Record, q.Custodian));
            }
        }

        private async Task RegisterAsync(Register r, string where)
        {
            Actor[] callers = [t.Center, t.HospitalA, t.HospitalB, t.Outsider];
            var registry = t.As(callers[r.Caller]).Registry;
            var account = new Nethereum.Signer.EthECKey(TestIds.Random().ToArray(), true).GetPublicAddress();
            var byCenter = r.Caller == 0;
            _ = r.Kind switch
            {
                0 => await Outcome(byCenter, where, () => registry.RegisterHospitalAsync(account, TestIds.EncryptionKey(), TestIds.Random(), Ct)),
                1 => await Outcome(byCenter, where, () => registry.RegisterPatientAsync(TestIds.Random(), Ct)),
                2 => await Outcome(byCenter, where, () => registry.RegisterPseudonymsAsync([account], Ct)),
                _ => await Outcome(byCenter || r.Caller == 1, where, () => registry.RegisterPractitionerAsync(account, t.HospitalA.Address, Ct)),
            };
        }

        /// <summary>Runs a call and fails unless the chain accepted it exactly when the model expects; a refusal must be a revert.</summary>
        private static async Task<bool> Outcome(bool expected, string where, Func<Task> call)
        {
            try
            {
                await call();
            }
            catch (ContractRevertedException ex)
            {
                Assert.False(expected, $"the chain refused ({ex.ErrorName}) what the model accepts, at {where}");
                return false;
            }

            Assert.True(expected, $"the chain accepted what the model refuses, at {where}");
            return true;
        }
    }

    private sealed class GrantState(GrantRef reference, SignedGrant signed, Actor patient, int grantee, long expiry)
    {
        public GrantRef Ref { get; } = reference;

        public SignedGrant Signed { get; } = signed;

        public Actor Patient { get; } = patient;

        public int Grantee { get; } = grantee;

        public bool Revoked { get; set; }

        public bool LiveAt(long now) => !Revoked && expiry > now;
    }

    private sealed class RequestState(Bytes32 id, GrantState? grant, int record, int custodian)
    {
        public Bytes32 Id { get; } = id;

        public GrantState? Grant { get; } = grant;

        public int Record { get; } = record;

        public int Custodian { get; } = custodian;

        public bool Fulfilled { get; set; }
    }
}
