using EmrShare.Core.Handshake;
using EmrShare.Nodes.Transport;

namespace EmrShare.Nodes.Hospital;

public sealed partial class HospitalService
{
    /// <summary>The chain id this hospital's handshake signs over (the desk's check-in code carries it to the wallet).</summary>
    public ulong HandshakeChainId => ChainId;

    /// <summary>
    /// The patient's device reads the envelope of one of its own records inside its authenticated visit (the wallet PWA
    /// cannot use the peer store: a browser page is refused there). Only a record this hospital created for the
    /// visit's pseudonym is served; the envelope stays encrypted (the device unwraps the key and decrypts), and the read
    /// is audited like every read of patient data.
    /// </summary>
    public async Task<SealedMessage> ReadEnvelopeAsync(SealedMessage request, CancellationToken cancellationToken)
    {
        var visit = VisitOf(request);
        var ask = NodeJson.FromUtf8<EnvelopeRequest>(visit.Session.Open(request));
        var versions = await Database.ListVersionsAsync(ask.RecordId.ToString(), cancellationToken).ConfigureAwait(false);
        var row = versions.FirstOrDefault(r => r.Version == ask.Version && r.Origin == "local" && r.Pseudonym == visit.Pseudonym.Address.Lower)
            ?? throw new UnknownEntityException("no such record of this patient here");
        EnsureNotErased(row);
        var envelope = await ReadBlobAsync(_store, row.Cid, cancellationToken).ConfigureAwait(false);
        await AuditAsync("patient-read", row.RecordId, visit.Pseudonym.Address.Lower, null, cancellationToken).ConfigureAwait(false);
        return visit.Session.Seal(NodeJson.ToUtf8(new EnvelopeReply(ask.RecordId, ask.Version, envelope)));
    }
}
