using EmrShare.Core.Handshake;

namespace EmrShare.Core.Tests.Handshake;

/// <summary>
/// The handshake's first transcript hash on fixed inputs. The expected values were computed independently with
/// Python's hashlib from the layout in docs/protocol.md (SHA-256 of the label, big-endian version, chain id and
/// timestamp, patient, hospital, ephemeral key, nonce, and for version 2 the desk challenge and its issue time).
/// Version 1 pins that the remote check-in's transcript did not change when version 2 was added.
/// </summary>
public sealed class HandshakeTranscriptKnownAnswerTests
{
    private static readonly byte[] EphemeralA = [2, .. Enumerable.Range(1, 32).Select(i => (byte)i)];

    private static HandshakeInit Init(int version, DeskChallenge? desk) => new(
        version, 31337, new Pseudonym(ChainAddress.Parse("0x" + new string('1', 40))), ChainAddress.Parse("0x" + new string('2', 40)),
        Convert.ToHexStringLower(EphemeralA), Hash32.Parse("0x" + new string('3', 64)), 1_800_000_000, desk);

    [Fact]
    public void Th1_Version1WithoutDesk_MatchesVector()
    {
        Assert.Equal("21d353bb1d247f2613b72510d95bbe75ff2cec79ecca242b4f4a9f1cd05a9957", Convert.ToHexStringLower(HandshakeTranscript.Th1(Init(1, null), EphemeralA)));
    }

    [Fact]
    public void Th1_Version2WithDeskChallenge_MatchesVector()
    {
        var desk = new DeskChallenge(Hash32.Parse("0x" + new string('4', 64)), 1_799_999_700);

        Assert.Equal("4c511c6e4b05a7301c70c7fec23f4400d12e697677ba84171a6a4189d0834c81", Convert.ToHexStringLower(HandshakeTranscript.Th1(Init(2, desk), EphemeralA)));
    }
}
