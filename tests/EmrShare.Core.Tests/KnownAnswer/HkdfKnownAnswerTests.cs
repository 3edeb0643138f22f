using System.Security.Cryptography;

namespace EmrShare.Core.Tests.KnownAnswer;

/// <summary>HKDF-SHA256 against RFC 5869 Appendix A test cases 1–3 (the KDF behind ECIES, sessions and pseudonyms).</summary>
public sealed class HkdfKnownAnswerTests
{
    public static TheoryData<string, string, string, int, string> Vectors => new()
    {
        {
            "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "000102030405060708090a0b0c", "f0f1f2f3f4f5f6f7f8f9", 42,
            "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865"
        },
        {
            Range(0x00, 0x50), Range(0x60, 0xb0), Range(0xb0, 0x100), 82,
            "b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c59045a99cac7827271cb41c65e590e09da3275600c2f09b8367793a9aca3db71cc30c58179ec3e87c14c01d5c1f3434f1d87"
        },
        {
            "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "", "", 42,
            "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8"
        },
    };

    [Theory]
    [MemberData(nameof(Vectors))]
    public void DeriveKey_Rfc5869Vector_MatchesOkm(string ikm, string salt, string info, int length, string okm)
    {
        var output = HKDF.DeriveKey(HashAlgorithmName.SHA256, Convert.FromHexString(ikm), length, Convert.FromHexString(salt), Convert.FromHexString(info));
        Assert.Equal(okm, Convert.ToHexStringLower(output));
    }

    private static string Range(int from, int to) => Convert.ToHexStringLower(Enumerable.Range(from, to - from).Select(i => (byte)i).ToArray());
}
