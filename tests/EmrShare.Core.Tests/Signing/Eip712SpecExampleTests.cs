using System.Text;
using EmrShare.Core.Crypto;
using EmrShare.Core.Signing;
using Nethereum.Signer;

namespace EmrShare.Core.Tests.Signing;

/// <summary>
/// The "Ether Mail" example of the EIP-712 specification, hashed with the same word encoder our typed
/// messages use. Published digest 0xbe609aee…57bd2 and signature by keccak256("cow").
/// </summary>
public sealed class Eip712SpecExampleTests
{
    private static readonly Eip712Domain MailDomain = new("Ether Mail", "1", 1, ChainAddress.Parse("0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC"));
    private static readonly Hash32 PersonType = AbiWords.TypeHash("Person(string name,address wallet)");
    private static readonly Hash32 MailType = AbiWords.TypeHash("Mail(Person from,Person to,string contents)Person(string name,address wallet)");

    private static byte[] Person(string name, string wallet) =>
        AbiWords.HashStruct(PersonType, AbiWords.OfString(name), AbiWords.Of(ChainAddress.Parse(wallet))).ToBytes();

    private static Hash32 MailHash() => AbiWords.HashStruct(
        MailType,
        Person("Cow", "0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826"),
        Person("Bob", "0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB"),
        AbiWords.OfString("Hello, Bob!"));

    [Fact]
    public void Digest_EtherMailExample_MatchesPublishedDigest()
    {
        Assert.Equal(Hash32.Parse("0xf2cee375fa42b42143804025fc449deafd50cc031ca257e0b194a650a912090f"), MailDomain.Separator);
        Assert.Equal(Hash32.Parse("0xc52c0ee5d84264471806290a3f2c4cecfc5490626bf912d01f240d7a274b371e"), MailHash());
        Assert.Equal(
            Hash32.Parse("0xbe609aee343fb3c4b28e1df9e632fca64fcfaede20f02e86244efddf30957bd2"),
            Eip712.Digest(MailDomain.Separator, MailHash()));
    }

    [Fact]
    public void Recover_EtherMailPublishedSignature_IsCow()
    {
        var cow = new EthECKey(Keccak.Hash(Encoding.UTF8.GetBytes("cow")), true);
        Assert.Equal(ChainAddress.Parse("0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826"), cow.Address());
        var published = EthSignature.Parse(
            "0x4355c47d63924e8a72e509b65029052eb6c299d53a04e167c5775fd466751c9d07299936d304c153f6443dfa05f40ff007d72911b6f72307f996231605b915621c");
        var digest = Eip712.Digest(MailDomain.Separator, MailHash()).ToBytes();
        Assert.Equal(cow.Address(), published.Recover(digest));
        Assert.Equal(published, EthSignature.Sign(digest, cow));
    }
}
