using System.Numerics;
using System.Security.Cryptography;
using EmrShare.Chain;
using Nethereum.Signer;
using Nethereum.Web3;
using Nethereum.Web3.Accounts;

namespace EmrShare.Bench;

/// <summary>One measured contract call: gas used and the target, if it has one.</summary>
public sealed record GasMeasurement(string Function, BigInteger GasUsed, long? Target, string Note = "")
{
    public bool? Met => Target is null ? null : GasUsed <= Target.Value;
}

/// <summary>
/// Walks every EmrShare contract function once on a chain and records each transaction's gasUsed (from the
/// receipt, so it is what the chain charged, not an estimate).
/// </summary>
public sealed class GasScenario(Uri rpcUrl, long chainId, IReadOnlyList<string> fundedKeys)
{
    public const int BatchSize = 1024;

    /// <summary>Issue 19's target for anchoring version 1 and an amendment (was 50,000 in issue 3).</summary>
    public const long AnchorTarget = 45_000;

    private IWeb3 Web3For(string key) => new Web3(new Account(key, chainId), rpcUrl.ToString());

    private static Bytes32 Random32() => Bytes32.FromBytes(RandomNumberGenerator.GetBytes(32));

    public async Task<IReadOnlyList<GasMeasurement>> RunAsync(CancellationToken cancellationToken)
    {
        EthECKey.SignRecoverable = true;
        var ct = cancellationToken;
        var rows = new List<GasMeasurement>();
        var (centerKey, hospitalAKey, hospitalBKey, practitionerKey, patientKey, indexKey) =
            (fundedKeys[0], fundedKeys[1], fundedKeys[2], fundedKeys[3], fundedKeys[4], fundedKeys[5]);
        var centerWeb3 = Web3For(centerKey);
        var center = new EthECKey(centerKey).GetPublicAddress();
        var hospitalA = new EthECKey(hospitalAKey).GetPublicAddress();
        var hospitalB = new EthECKey(hospitalBKey).GetPublicAddress();
        var practitioner = new EthECKey(practitionerKey).GetPublicAddress();
        var patient = new EthECKey(patientKey).GetPublicAddress();
        var indexAccount = new EthECKey(indexKey).GetPublicAddress();

        var addresses = await EmrShareDeployment.DeployAsync(centerWeb3, center, ct);
        rows.Add(new("bindMirrors (once per deployment)", (await EmrShareDeployment.BindMirrorsAsync(centerWeb3, addresses, ct)).GasUsed, null));
        var asCenter = new EmrShareChain(centerWeb3, addresses);
        var asA = new EmrShareChain(Web3For(hospitalAKey), addresses);
        var asB = new EmrShareChain(Web3For(hospitalBKey), addresses);
        var asPatient = new EmrShareChain(Web3For(patientKey), addresses);

        var key = EthECKey.GenerateKey().GetPubKey(true);
        rows.Add(new("Registry.registerHospital", (await asCenter.Registry.RegisterHospitalAsync(hospitalA, key, Random32(), ct)).GasUsed, null));
        await asCenter.Registry.RegisterHospitalAsync(hospitalB, key, Random32(), ct);
        rows.Add(new("Registry.registerPractitioner", (await asCenter.Registry.RegisterPractitionerAsync(practitioner, hospitalA, ct)).GasUsed, null));
        rows.Add(new("Registry.registerPatient", (await asCenter.Registry.RegisterPatientAsync(Random32(), ct)).GasUsed, null));
        rows.Add(new("Registry.registerPseudonyms (2)", (await asCenter.Registry.RegisterPseudonymsAsync([patient, indexAccount], ct)).GasUsed, null));
        var batch = Enumerable.Range(0, 50).Select(_ => EthECKey.GenerateKey().GetPublicAddress()).ToList();
        var pseudonymBatch = (await asCenter.Registry.RegisterPseudonymsAsync(batch, ct)).GasUsed;
        rows.Add(new("Registry.registerPseudonyms (50), per pseudonym", pseudonymBatch / batch.Count, null));

        var recordId = Random32();
        var c1 = Random32();
        rows.Add(new("Records.anchorRecord (version 1)", (await asA.Records.AnchorRecordAsync(recordId, 1, c1, Bytes32.Zero, ct)).GasUsed, AnchorTarget));
        rows.Add(new("Records.anchorRecord (version 2, amendment)", (await asA.Records.AnchorRecordAsync(recordId, 2, Random32(), c1, ct)).GasUsed, AnchorTarget));
        var batchGas = (await asA.Records.AnchorBatchAsync(Random32(), BatchSize, ct)).GasUsed;
        rows.Add(new($"Records.anchorBatch ({BatchSize} records), total", batchGas, null));
        rows.Add(new($"Records.anchorBatch ({BatchSize} records), per record", batchGas / BatchSize, 2_000));

        var asIndex = new EmrShareChain(Web3For(indexKey), addresses);
        rows.Add(new("Index.anchorIndex (sequence 1)", (await asIndex.Index.AnchorIndexAsync(Random32(), 1, ct)).GasUsed, null));
        rows.Add(new("Index.anchorIndex (sequence 2)", (await asIndex.Index.AnchorIndexAsync(Random32(), 2, ct)).GasUsed, null));

        var allScope = await GrantAsync(asB, patient, patientKey, hospitalB, Bytes32.Zero, ct);
        rows.Add(new("AccessControl.grant (scope: all records)", allScope.Receipt.GasUsed, 80_000));
        var scoped = await GrantAsync(asB, patient, patientKey, hospitalB, Random32(), ct);
        rows.Add(new("AccessControl.grant (scope: Merkle root)", scoped.Receipt.GasUsed, 80_000));
        var request = await asB.AccessControl.RequestAccessAsync(allScope.Grant, recordId, hospitalA, [], ct);
        rows.Add(new("AccessControl.requestAccess", request.Receipt.GasUsed, null));
        rows.Add(new("AccessControl.recordFulfilment", (await asA.AccessControl.RecordFulfilmentAsync(request.RequestId, Random32(), ct)).GasUsed, null));
        rows.AddRange(await GasShareBatches.MeasureAsync(asA, asB, allScope.Grant, hospitalA, ct));
        rows.Add(new("AccessControl.revoke (by patient, scope: all)", (await asPatient.AccessControl.RevokeAsync(allScope.Grant, ct)).GasUsed, 30_000));
        var scopedToRevoke = await GrantAsync(asB, patient, patientKey, hospitalB, Random32(), ct);
        rows.Add(new("AccessControl.revoke (by patient, scope: Merkle root)", (await asPatient.AccessControl.RevokeAsync(scopedToRevoke.Grant, ct)).GasUsed, 30_000));
        var revokeDigest = await asB.AccessControl.GetRevokeDigestAsync(scoped.GrantId, ct);
        rows.Add(new("AccessControl.revokeBySig (relayed)", (await asB.AccessControl.RevokeBySignatureAsync(scoped.Grant, Sign(revokeDigest, patientKey), ct)).GasUsed, null));
        var asPractitioner = new EmrShareChain(Web3For(practitionerKey), addresses);
        rows.Add(new("AccessControl.breakGlass", (await asPractitioner.AccessControl.BreakGlassAsync(patient, recordId, 2, ct)).GasUsed, null));
        rows.Add(new("AccessControl.recordAccess", (await asA.AccessControl.RecordAccessAsync(patient, recordId, AccessAction.Read, ct)).GasUsed, null));
        var emergency = await asPractitioner.AccessControl.RequestEmergencyAccessAsync(hospitalA, recordId, 1, ct);
        rows.Add(new("AccessControl.requestEmergencyAccess", emergency.Receipt.GasUsed, null));
        rows.Add(new("AccessControl.recordEmergencyFulfilment", (await asA.AccessControl.RecordEmergencyFulfilmentAsync(emergency.RequestId, patient, Random32(), ct)).GasUsed, null));
        rows.Add(new("Registry.deactivateHospital", (await asCenter.Registry.DeactivateHospitalAsync(hospitalB, ct)).GasUsed, null));
        return rows;
    }

    private static async Task<GrantReceipt> GrantAsync(EmrShareChain submitter, string patient, string patientKey, string grantee, Bytes32 scope, CancellationToken ct)
    {
        var terms = new GrantTerms(patient, grantee, scope, 1, (ulong)DateTimeOffset.UtcNow.AddDays(30).ToUnixTimeSeconds(),
            new BigInteger(RandomNumberGenerator.GetBytes(32), isUnsigned: true, isBigEndian: true));

        // The digest comes from the contract's own view here; tests check it against an independent computation.
        var digest = await submitter.AccessControl.GetGrantDigestAsync(terms, ct);
        return await submitter.AccessControl.SubmitGrantAsync(new SignedGrant(terms, Sign(digest, patientKey)), ct);
    }

    private static byte[] Sign(Bytes32 digest, string key)
    {
        var s = new EthECKey(key).SignAndCalculateV(digest.ToArray());
        return [.. Pad(s.R), .. Pad(s.S), s.V[0]];
    }

    private static byte[] Pad(byte[] v) => v.Length >= 32 ? v[^32..] : [.. new byte[32 - v.Length], .. v];
}
