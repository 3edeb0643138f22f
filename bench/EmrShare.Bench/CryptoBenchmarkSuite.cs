using System.Diagnostics;
using System.Security.Cryptography;
using EmrShare.Core;
using EmrShare.Core.Crypto;
using EmrShare.Core.Envelope;
using EmrShare.Core.Handshake;
using EmrShare.Core.Signing;
using Nethereum.Signer;

namespace EmrShare.Bench;

/// <summary>
/// Suite <c>crypto</c>: record-envelope AES-256-GCM throughput at 1 KiB, 64 KiB and 16 MiB next to
/// <c>openssl speed -evp aes-256-gcm</c> run in the same benchmark run, plus ECIES wraps/s, EIP-712
/// signatures/s and full handshakes/s. Target: ≥ 0.7× openssl at 16 MiB.
/// </summary>
public sealed class CryptoBenchmarkSuite : IBenchmarkSuite
{
    private static readonly int[] Sizes = [1024, 64 * 1024, 16 * 1024 * 1024];

    public string Name => "crypto";

    public string Title => "Crypto core: AES-256-GCM envelopes vs openssl, ECIES, EIP-712, handshake";

    public async Task<IReadOnlyList<BenchmarkRow>> RunAsync(BenchmarkOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var seconds = options.Quick ? 0.3 : 1.0;
        var rows = new List<BenchmarkRow>();
        var rounds = options.Quick ? 1 : 5;
        foreach (var size in Sizes)
        {
            // The machine is shared and noisy: alternate our loop and openssl's in short rounds, take medians.
            var label = CryptoBenchmarkMeasure.SizeLabel(size);
            var samples = new Dictionary<string, List<double>>();
            for (var round = 0; round < rounds; round++)
            {
                var (encrypt, decrypt) = CryptoBenchmarkMeasure.Envelope(size, seconds);
                Add(samples, "encrypt", encrypt);
                Add(samples, "decrypt", decrypt);
                var (encryptTo, decryptTo) = CryptoBenchmarkMeasure.EnvelopeIntoBuffer(size, seconds);
                Add(samples, "encrypt-to", encryptTo);
                Add(samples, "decrypt-to", decryptTo);
                Add(samples, "raw", CryptoBenchmarkMeasure.RawAesGcm(size, seconds));
                Add(samples, "openssl-encrypt", await OpensslSpeed.MeasureAsync(size, decrypt: false, seconds, cancellationToken));
                Add(samples, "openssl-decrypt", await OpensslSpeed.MeasureAsync(size, decrypt: true, seconds, cancellationToken));
                Add(samples, "openssl-aead-encrypt", await OpensslSpeed.MeasureAsync(size, decrypt: false, seconds, cancellationToken, aead: true));
                Add(samples, "openssl-aead-decrypt", await OpensslSpeed.MeasureAsync(size, decrypt: true, seconds, cancellationToken, aead: true));
            }

            var ours = Median(samples, "encrypt-to");
            var oursDecrypt = Median(samples, "decrypt-to");
            var opensslEncrypt = Median(samples, "openssl-encrypt");
            var opensslDecrypt = Median(samples, "openssl-decrypt");
            var missing = opensslEncrypt == 0 ? "openssl unavailable" : null;
            rows.Add(new BenchmarkRow($"AES-256-GCM encrypt {label}", "EmrShare RecordCipher.Encrypt (allocates envelope)", Median(samples, "encrypt"), "MB/s"));
            rows.Add(new BenchmarkRow($"AES-256-GCM encrypt {label}", "EmrShare RecordCipher.EncryptTo (pooled buffer)", ours, "MB/s"));
            rows.Add(new BenchmarkRow($"AES-256-GCM encrypt {label}", ".NET AesGcm (raw, one call)", Median(samples, "raw"), "MB/s"));
            rows.Add(new BenchmarkRow($"AES-256-GCM encrypt {label}", "openssl speed -elapsed -evp", opensslEncrypt, "MB/s", missing));
            rows.Add(new BenchmarkRow($"AES-256-GCM encrypt {label}", "ratio EncryptTo/openssl", Ratio(ours, opensslEncrypt), "x"));
            rows.Add(new BenchmarkRow($"AES-256-GCM encrypt {label}", "openssl speed -elapsed -aead -evp (whole message per op)", Median(samples, "openssl-aead-encrypt"), "MB/s", missing));
            rows.Add(new BenchmarkRow($"AES-256-GCM encrypt {label}", "ratio EncryptTo/openssl -aead", Ratio(ours, Median(samples, "openssl-aead-encrypt")), "x"));
            rows.Add(new BenchmarkRow($"AES-256-GCM decrypt {label}", "EmrShare RecordCipher.Decrypt (allocates plaintext)", Median(samples, "decrypt"), "MB/s"));
            rows.Add(new BenchmarkRow($"AES-256-GCM decrypt {label}", "EmrShare RecordCipher.DecryptTo (pooled buffer)", oursDecrypt, "MB/s"));
            rows.Add(new BenchmarkRow($"AES-256-GCM decrypt {label}", "openssl speed -elapsed -evp -decrypt", opensslDecrypt, "MB/s", missing));
            rows.Add(new BenchmarkRow($"AES-256-GCM decrypt {label}", "ratio DecryptTo/openssl", Ratio(oursDecrypt, opensslDecrypt), "x"));
            rows.Add(new BenchmarkRow($"AES-256-GCM decrypt {label}", "openssl speed -elapsed -aead -evp -decrypt (whole message per op)", Median(samples, "openssl-aead-decrypt"), "MB/s", missing));
            rows.Add(new BenchmarkRow($"AES-256-GCM decrypt {label}", "ratio DecryptTo/openssl -aead", Ratio(oursDecrypt, Median(samples, "openssl-aead-decrypt")), "x"));
        }

        rows.Add(new BenchmarkRow("ECIES wrap (secp256k1 ECDH + HKDF + GCM)", "EmrShare KeyWrapper", CryptoBenchmarkMeasure.Wraps(seconds), "ops/s"));
        rows.Add(new BenchmarkRow("ECIES unwrap", "EmrShare KeyWrapper", CryptoBenchmarkMeasure.Unwraps(seconds), "ops/s"));
        rows.Add(new BenchmarkRow("EIP-712 grant sign + verify", "EmrShare Eip712", CryptoBenchmarkMeasure.Eip712SignVerify(seconds), "ops/s"));
        rows.Add(new BenchmarkRow("mutual-auth handshake (3 messages, both sides)", "EmrShare Handshake", CryptoBenchmarkMeasure.Handshakes(seconds), "handshakes/s"));
        return rows;
    }

    private static double Ratio(double ours, double reference) => reference > 0 ? ours / reference : 0;

    private static void Add(Dictionary<string, List<double>> samples, string name, double? value)
    {
        if (value is { } v)
        {
            (samples.TryGetValue(name, out var list) ? list : samples[name] = []).Add(v);
        }
    }

    private static double Median(Dictionary<string, List<double>> samples, string name) =>
        samples.TryGetValue(name, out var list) && list.Count > 0 ? list.Order().ElementAt(list.Count / 2) : 0;
}

/// <summary>Timed loops for <see cref="CryptoBenchmarkSuite"/>; each runs for a fixed wall time after a warm-up.</summary>
internal static class CryptoBenchmarkMeasure
{
    public static string SizeLabel(int size) => size >= 1024 * 1024 ? $"{size / (1024 * 1024)} MiB" : $"{size / 1024} KiB";

    public static (double EncryptMBps, double DecryptMBps) Envelope(int size, double seconds)
    {
        var plaintext = RandomNumberGenerator.GetBytes(size);
        var binding = new RecordBinding(RecordId.New(), 1, "application/fhir+json");
        using var key = DataKey.Generate();
        var envelope = RecordCipher.Encrypt(plaintext, binding, key);
        var encrypt = Throughput(size, seconds, () => RecordCipher.Encrypt(plaintext, binding, key));
        var decrypt = Throughput(size, seconds, () => RecordCipher.Decrypt(envelope, binding, key));
        return (encrypt, decrypt);
    }

    public static (double EncryptMBps, double DecryptMBps) EnvelopeIntoBuffer(int size, double seconds)
    {
        var plaintext = RandomNumberGenerator.GetBytes(size);
        var binding = new RecordBinding(RecordId.New(), 1, "application/fhir+json");
        using var key = DataKey.Generate();
        var envelope = new byte[RecordCipher.EnvelopeLength(size, binding)];
        var output = new byte[size];
        RecordCipher.EncryptTo(plaintext, binding, key, envelope);
        var encrypt = Throughput(size, seconds, () => RecordCipher.EncryptTo(plaintext, binding, key, envelope));
        var decrypt = Throughput(size, seconds, () => RecordCipher.DecryptTo(envelope, binding, key, output));
        return (encrypt, decrypt);
    }

    public static double RawAesGcm(int size, double seconds)
    {
        var plaintext = RandomNumberGenerator.GetBytes(size);
        var output = new byte[size];
        var tag = new byte[16];
        var nonce = new byte[12];
        using var aes = new AesGcm(RandomNumberGenerator.GetBytes(32), 16);
        return Throughput(size, seconds, () => aes.Encrypt(nonce, plaintext, output, tag));
    }

    public static double Wraps(double seconds)
    {
        using var key = DataKey.Generate();
        var reader = EthECKey.GenerateKey().PublicKeyCompressed();
        var id = RecordId.New();
        return Rate(seconds, () => KeyWrapper.Wrap(key, reader, id, 1));
    }

    public static double Unwraps(double seconds)
    {
        using var key = DataKey.Generate();
        var reader = EthECKey.GenerateKey();
        var id = RecordId.New();
        var wrapped = KeyWrapper.Wrap(key, reader.PublicKeyCompressed(), id, 1);
        return Rate(seconds, () => KeyWrapper.Unwrap(wrapped, reader, id, 1).Dispose());
    }

    public static double Eip712SignVerify(double seconds)
    {
        var patient = EthECKey.GenerateKey();
        var domain = Eip712Domain.AccessControl(31337, ChainAddress.Parse("0x5FbDB2315678afecb367f032d93F642f64180aa3"));
        var grant = new Grant(new Pseudonym(patient.Address()), patient.Address(), Hash32.Zero, GrantPurpose.Treatment, ulong.MaxValue / 2, Hash32.Zero);
        return Rate(seconds, () => Eip712.VerifyGrant(Eip712.Sign(domain, grant, patient), domain, TimeProvider.System));
    }

    public static double Handshakes(double seconds)
    {
        var hospital = EthECKey.GenerateKey();
        var patient = EthECKey.GenerateKey();
        var responder = new HandshakeResponder(hospital, 31337, TimeProvider.System);
        return Rate(seconds, () =>
        {
            var initiator = HandshakeInitiator.Start(patient, hospital.Address(), 31337, TimeProvider.System);
            var (finish, session) = initiator.Complete(responder.Respond(initiator.Init));
            session.Dispose();
            responder.Complete(finish).Dispose();
        });
    }

    private static double Throughput(int size, double seconds, Action action) => Rate(seconds, action) * size / 1e6;

    private static double Rate(double seconds, Action action)
    {
        var warmUp = Stopwatch.StartNew();
        while (warmUp.Elapsed.TotalSeconds < Math.Min(0.2, seconds / 4))
        {
            action();
        }

        var stopwatch = Stopwatch.StartNew();
        long count = 0;
        while (stopwatch.Elapsed.TotalSeconds < seconds)
        {
            action();
            count++;
        }

        return count / stopwatch.Elapsed.TotalSeconds;
    }
}
