using EmrShare.Core;
using EmrShare.Core.Handshake;
using EmrShare.Nodes.Transport;

namespace EmrShare.Nodes.Hospital;

/// <summary>
/// Check-ins at the desk (handshake version 2, review finding 6): the phone that spent a desk code gets a pending
/// check-in and shows six digits derived from the handshake transcript (<see cref="CheckInConfirmation"/>); the clerk
/// types what the phone in front of them shows, and only a confirmed check-in is admitted (patient row, care window,
/// visit session). Someone who photographed the code and used it elsewhere gets a pending check-in that no phone at
/// the desk can confirm; the desk page shows that its code was used, and the clerk rejects it and shows a new code.
/// </summary>
public sealed partial class HospitalService
{
    private readonly DeskCheckIns _deskCheckIns;

    /// <summary>What happened to the desk code with this challenge (null: no phone has used it yet).</summary>
    public DeskCheckInView? DeskCheckIn(Hash32 challenge) => _deskCheckIns.View(challenge);

    /// <summary>
    /// The clerk confirms the pending check-in of this desk code with the digits the phone in front of them shows.
    /// Right digits: the patient is admitted (or recognised) and the phone's session becomes an open visit; answers the
    /// local id. Wrong digits: <see cref="DeskConfirmationMismatchException"/>, nothing bound; after
    /// <see cref="DeskCheckIns.MaxWrongConfirmations"/> the check-in is rejected. Not pending: <see cref="DeskCheckInClosedException"/>.
    /// </summary>
    public async Task<string> ConfirmDeskCheckInAsync(Hash32 challenge, string typedCode, CancellationToken cancellationToken)
    {
        var entry = _deskCheckIns.Find(challenge);
        await entry.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            EnsurePending(entry);
            if (!CheckInConfirmation.Matches(entry.Session.SessionId, typedCode))
            {
                entry.WrongConfirmations++;
                if (entry.WrongConfirmations >= DeskCheckIns.MaxWrongConfirmations)
                {
                    entry.State = DeskCheckInState.Rejected;
                    await AuditAsync("visit-rejected", null, entry.Patient.Address.Lower, null, cancellationToken).ConfigureAwait(false);
                    throw new DeskConfirmationMismatchException("the digits do not match the phone's check-in; too many tries, so this check-in is rejected: show the patient a new code");
                }

                throw new DeskConfirmationMismatchException("the digits do not match this check-in: ask the patient to read the six digits on their phone again");
            }

            var localId = await OpenVisitAsync(entry.Session, entry.Patient, entry.PublicKey, cancellationToken).ConfigureAwait(false);
            entry.LocalPatientId = localId;
            entry.State = DeskCheckInState.Confirmed;
            return localId;
        }
        finally
        {
            entry.Gate.Release();
        }
    }

    /// <summary>The clerk rejects the check-in of this desk code (not the phone in front of them): nothing is bound, its session is closed.</summary>
    public async Task RejectDeskCheckInAsync(Hash32 challenge, CancellationToken cancellationToken)
    {
        var entry = _deskCheckIns.Find(challenge);
        await entry.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            EnsurePending(entry);
            entry.State = DeskCheckInState.Rejected;
            await AuditAsync("visit-rejected", null, entry.Patient.Address.Lower, null, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            entry.Gate.Release();
        }
    }

    /// <summary>
    /// The phone asks where its desk check-in stands (a sealed, empty request on its session): pending, or confirmed
    /// with its local id (a sealed <see cref="VisitWelcome"/>); rejected → <see cref="AccessDeniedException"/>.
    /// </summary>
    public async Task<SealedMessage> DeskCheckInStatusAsync(SealedMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var entry = _deskCheckIns.FindSession(request.SessionId) ?? throw new UnknownEntityException("no desk check-in for this session");
        await entry.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (entry.State == DeskCheckInState.Rejected)
            {
                throw new AccessDeniedException("the desk did not confirm this check-in; scan a new code at the desk");
            }

            entry.Session.Open(request);
            return entry.Session.Seal(NodeJson.ToUtf8(new VisitWelcome(entry.LocalPatientId ?? string.Empty, entry.State == DeskCheckInState.Pending)));
        }
        finally
        {
            entry.Gate.Release();
        }
    }

    private async Task<SealedMessage> HoldDeskCheckInAsync(SecureSession session, Pseudonym pseudonym, byte[] publicKey, CancellationToken cancellationToken)
    {
        _deskCheckIns.Hold(session, pseudonym, publicKey);
        await AuditAsync("visit-pending", null, pseudonym.Address.Lower, null, cancellationToken).ConfigureAwait(false);
        return session.Seal(NodeJson.ToUtf8(new VisitWelcome(string.Empty, Pending: true)));
    }

    private static void EnsurePending(DeskCheckIns.Entry entry)
    {
        if (entry.State != DeskCheckInState.Pending)
        {
            throw new DeskCheckInClosedException(entry.State == DeskCheckInState.Confirmed
                ? "this check-in is already confirmed"
                : "this check-in was rejected; show the patient a new code");
        }
    }
}
