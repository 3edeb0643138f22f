using System.Security.Cryptography;
using EmrShare.Core.Crypto.Gcm;

namespace EmrShare.Core.Tests.KnownAnswer;

/// <summary>
/// The AES-256-GCM implementations (OpenSSL EVP called directly, .NET's AesGcm, and the browser's managed one) on the published vectors, on
/// each other's output, and under tampering — so the envelope is byte-identical whichever one a machine uses.
/// </summary>
public sealed class GcmCipherTests
{
    public static TheoryData<string> Implementations => new() { OpenSslGcmCipher.Name, DotNetGcmCipher.Name, ManagedGcmCipher.Name };

    private static GcmCipher Create(string implementation, ReadOnlySpan<byte> key)
    {
        if (implementation == OpenSslGcmCipher.Name)
        {
            Assert.True(OpenSslGcmCipher.IsAvailable, "libcrypto 3 should load on the Linux test machines");
            return new OpenSslGcmCipher(key);
        }

        return implementation == ManagedGcmCipher.Name ? new ManagedGcmCipher(key) : new DotNetGcmCipher(key);
    }

    public static TheoryData<string, string> VectorsByImplementation()
    {
        var data = new TheoryData<string, string>();
        foreach (var implementation in new[] { OpenSslGcmCipher.Name, DotNetGcmCipher.Name, ManagedGcmCipher.Name })
        {
            foreach (var row in AesGcmKnownAnswerTests.Vectors)
            {
                data.Add(implementation, row.Data.Item1);
            }
        }

        return data;
    }

    private static string[] Vector(string name) =>
        AesGcmKnownAnswerTests.Vectors.Select(r => new[] { r.Data.Item1, r.Data.Item2, r.Data.Item3, r.Data.Item4, r.Data.Item5, r.Data.Item6 }).Single(r => r[0] == name);

    [Theory]
    [MemberData(nameof(VectorsByImplementation))]
    public void Encrypt_PublishedVector_MatchesCiphertextAndTag(string implementation, string vector)
    {
        var v = Vector(vector);
        var plaintext = Convert.FromHexString(v[3]);
        var output = new byte[plaintext.Length + 16];
        using var cipher = Create(implementation, Convert.FromHexString(v[1]));
        for (var i = 0; i < 3; i++) // the context is reused: every operation must start from the key alone
        {
            cipher.Encrypt(Convert.FromHexString(v[2]), plaintext, output.AsSpan(0, plaintext.Length), output.AsSpan(plaintext.Length), Convert.FromHexString(v[4]));
            Assert.Equal(v[5], Convert.ToHexStringLower(output));
        }
    }

    [Theory]
    [MemberData(nameof(VectorsByImplementation))]
    public void Decrypt_PublishedVector_OpensAndRefusesAFlippedTag(string implementation, string vector)
    {
        var v = Vector(vector);
        var sealedBytes = Convert.FromHexString(v[5]);
        var length = sealedBytes.Length - 16;
        using var cipher = Create(implementation, Convert.FromHexString(v[1]));
        var plain = new byte[length];
        cipher.Decrypt(Convert.FromHexString(v[2]), sealedBytes.AsSpan(0, length), sealedBytes.AsSpan(length), plain, Convert.FromHexString(v[4]));
        Assert.Equal(v[3], Convert.ToHexStringLower(plain));
        sealedBytes[^1] ^= 1;
        Assert.Throws<AuthenticationTagMismatchException>(() => cipher.Decrypt(
            Convert.FromHexString(v[2]), sealedBytes.AsSpan(0, length), sealedBytes.AsSpan(length), plain, Convert.FromHexString(v[4])));
        Assert.All(plain, b => Assert.Equal(0, b));
        sealedBytes[^1] ^= 1;
        cipher.Decrypt(Convert.FromHexString(v[2]), sealedBytes.AsSpan(0, length), sealedBytes.AsSpan(length), plain, Convert.FromHexString(v[4]));
        Assert.Equal(v[3], Convert.ToHexStringLower(plain));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(15)]
    [InlineData(1024)]
    [InlineData(65_537)]
    public void Encrypt_RandomInputs_AllImplementationsAgreeAndOpenEachOther(int size)
    {
        var key = RandomNumberGenerator.GetBytes(32);
        using var openssl = Create(OpenSslGcmCipher.Name, key);
        using var dotnet = Create(DotNetGcmCipher.Name, key);
        using var managed = Create(ManagedGcmCipher.Name, key);
        for (var round = 0; round < 4; round++)
        {
            var nonce = RandomNumberGenerator.GetBytes(12);
            var aad = RandomNumberGenerator.GetBytes(round * 40);
            var plaintext = RandomNumberGenerator.GetBytes(size);
            var (c1, t1) = (new byte[size], new byte[16]);
            var (c2, t2) = (new byte[size], new byte[16]);
            var (c3, t3) = (new byte[size], new byte[16]);
            openssl.Encrypt(nonce, plaintext, c1, t1, aad);
            dotnet.Encrypt(nonce, plaintext, c2, t2, aad);
            managed.Encrypt(nonce, plaintext, c3, t3, aad);
            Assert.Equal(c2, c1);
            Assert.Equal(t2, t1);
            Assert.Equal(c1, c3);
            Assert.Equal(t1, t3);
            var back = new byte[size];
            openssl.Decrypt(nonce, c3, t3, back, aad);
            Assert.Equal(plaintext, back);
            managed.Decrypt(nonce, c2, t2, back, aad);
            Assert.Equal(plaintext, back);
        }
    }

    [Theory]
    [MemberData(nameof(Implementations))]
    public void Decrypt_TamperedCiphertextOrAssociatedData_Throws(string implementation)
    {
        var key = RandomNumberGenerator.GetBytes(32);
        using var cipher = Create(implementation, key);
        var nonce = RandomNumberGenerator.GetBytes(12);
        var aad = "header"u8.ToArray();
        var plaintext = RandomNumberGenerator.GetBytes(100);
        var (ciphertext, tag) = (new byte[100], new byte[16]);
        cipher.Encrypt(nonce, plaintext, ciphertext, tag, aad);
        ciphertext[50] ^= 0x80;
        Assert.Throws<AuthenticationTagMismatchException>(() => cipher.Decrypt(nonce, ciphertext, tag, new byte[100], aad));
        ciphertext[50] ^= 0x80;
        Assert.Throws<AuthenticationTagMismatchException>(() => cipher.Decrypt(nonce, ciphertext, tag, new byte[100], "heades"u8));
        Assert.Throws<AuthenticationTagMismatchException>(() => cipher.Decrypt(RandomNumberGenerator.GetBytes(12), ciphertext, tag, new byte[100], aad));
    }

    [Fact]
    public void Implementation_OnLinux_IsOpenSsl() =>
        Assert.Equal(OperatingSystem.IsLinux() ? OpenSslGcmCipher.Name : DotNetGcmCipher.Name, GcmCipher.Implementation);
}
