using System.Text.Json;
using EmrShare.Core;
using EmrShare.Core.Crypto;
using EmrShare.Core.Envelope;
using EmrShare.Core.Identity;
using EmrShare.Core.Signing;

namespace EmrShare.Wallet.KnownAnswers;

/// <summary>One checked value: what the vector file expects and what this runtime computed.</summary>
public sealed record KnownAnswerResult(string Name, string Expected, string Actual)
{
    public bool Passed => string.Equals(Expected, Actual, StringComparison.Ordinal);
}

/// <summary>
/// Runs the shared known-answer vectors (tests/vectors/wallet-known-answers.json) through EmrShare.Core: recovery
/// phrase, pseudonym and index derivation, recovery (phrase → master secret → pseudonyms and index account), envelope decryption, ECIES unwrap and EIP-712 grant and revocation
/// signatures. The same file is compiled into EmrShare.Core.Tests (xUnit, on the server runtime) and into the
/// wallet (browser-wasm, driven by Playwright), so both runtimes are held to the same expected bytes.
/// </summary>
public static class KnownAnswerRunner
{
    public static IReadOnlyList<KnownAnswerResult> Run(string vectorsJson)
    {
        using var doc = JsonDocument.Parse(vectorsJson);
        var root = doc.RootElement;
        var results = new List<KnownAnswerResult>();
        foreach (var v in root.GetProperty("phrases").EnumerateArray())
        {
            var name = "phrase/" + S(v, "name");
            results.Add(new(name + "/encode", S(v, "words"), string.Join(' ', RecoveryPhrase.Encode(Hex(v, "secret")))));
            results.Add(new(name + "/decode", S(v, "secret"), Outcome(() => Convert.ToHexStringLower(RecoveryPhrase.Decode(S(v, "words"))))));
        }

        foreach (var v in root.GetProperty("badPhrases").EnumerateArray())
        {
            results.Add(new("bad-phrase/" + S(v, "name"), S(v, "error"), Outcome(() => Convert.ToHexStringLower(RecoveryPhrase.Decode(S(v, "words"))))));
        }

        foreach (var v in root.GetProperty("pseudonyms").EnumerateArray())
        {
            var name = "pseudonym/" + S(v, "name");
            using var identity = PatientIdentity.FromMasterSecret(Hex(v, "masterSecret"));
            results.Add(new(name + "/pseudonym", S(v, "pseudonym"), identity.PseudonymAt(ChainAddress.Parse(S(v, "hospital"))).Address.Lower));
            results.Add(new(name + "/index", S(v, "index"), identity.IndexKey().Address().Lower));
            results.Add(new(name + "/identity-public-key", S(v, "identityPublicKey"), Convert.ToHexStringLower(identity.IdentityPublicKey)));
        }

        foreach (var v in root.GetProperty("recoveries").EnumerateArray())
        {
            // The restore path end to end: the words a patient types on a new phone must give back the same master
            // secret, pseudonyms, index account and identity key (what the Center and the hospitals know them by).
            var name = "recovery/" + S(v, "name");
            var secret = RecoveryPhrase.Decode(S(v, "words"));
            results.Add(new(name + "/master-secret", S(v, "masterSecret"), Convert.ToHexStringLower(secret)));
            using var identity = PatientIdentity.FromMasterSecret(secret);
            foreach (var p in v.GetProperty("pseudonyms").EnumerateArray())
            {
                results.Add(new(name + "/pseudonym/" + S(p, "hospital"), S(p, "pseudonym"), identity.PseudonymAt(ChainAddress.Parse(S(p, "hospital"))).Address.Lower));
            }

            results.Add(new(name + "/index", S(v, "index"), identity.IndexKey().Address().Lower));
            results.Add(new(name + "/identity-public-key", S(v, "identityPublicKey"), Convert.ToHexStringLower(identity.IdentityPublicKey)));
        }

        foreach (var v in root.GetProperty("envelopes").EnumerateArray())
        {
            var binding = new RecordBinding(RecordId.Parse(S(v, "recordId")), v.GetProperty("version").GetUInt32(), S(v, "contentType"));
            results.Add(new("envelope/" + S(v, "name"), S(v, "expected"), Outcome(() =>
            {
                using var key = DataKey.FromBytes(Hex(v, "dataKey"));
                return Convert.ToHexStringLower(RecordCipher.Decrypt(Hex(v, "envelope"), binding, key));
            })));
        }

        foreach (var v in root.GetProperty("unwraps").EnumerateArray())
        {
            results.Add(new("unwrap/" + S(v, "name"), S(v, "expected"), Outcome(() =>
            {
                using var identity = PatientIdentity.FromMasterSecret(Hex(v, "masterSecret"));
                var reader = identity.PseudonymKey(ChainAddress.Parse(S(v, "hospital")));
                using var key = KeyWrapper.Unwrap(WrappedKey.Parse(S(v, "wrapped")), reader, RecordId.Parse(S(v, "recordId")), v.GetProperty("version").GetUInt32());
                return Convert.ToHexStringLower(key.ToArray());
            })));
        }

        foreach (var v in root.GetProperty("grants").EnumerateArray())
        {
            var name = "grant/" + S(v, "name");
            using var identity = PatientIdentity.FromMasterSecret(Hex(v, "masterSecret"));
            var signer = identity.PseudonymKey(ChainAddress.Parse(S(v, "hospital")));
            var domain = Eip712Domain.AccessControl(v.GetProperty("chainId").GetUInt64(), ChainAddress.Parse(S(v, "contract")));
            var grant = new Grant(new Pseudonym(signer.Address()), ChainAddress.Parse(S(v, "grantee")), Hash32.Parse(S(v, "scope")),
                (GrantPurpose)v.GetProperty("purpose").GetUInt16(), v.GetProperty("expiry").GetUInt64(), Hash32.Parse(S(v, "nonce")));
            var grantId = Eip712.GrantId(domain, grant);
            results.Add(new(name + "/grant-id", S(v, "grantId"), grantId.ToString()));
            results.Add(new(name + "/signature", S(v, "signature"), Eip712.Sign(domain, grant, signer).Signature.ToString()));
            results.Add(new(name + "/revoke-signature", S(v, "revokeSignature"), Eip712.Sign(domain, new Revoke(grantId), signer).Signature.ToString()));
        }

        return results;
    }

    /// <summary>The computed hex, or "error:" and the exception type, so refusals are compared too.</summary>
    private static string Outcome(Func<string> compute)
    {
        try
        {
            return compute();
        }
        catch (EmrShareSecurityException ex)
        {
            return "error:" + ex.GetType().Name;
        }
    }

    private static string S(JsonElement e, string name) => e.GetProperty(name).GetString() ?? throw new FormatException($"vector field {name} is null");

    private static byte[] Hex(JsonElement e, string name) => Convert.FromHexString(S(e, name));
}
