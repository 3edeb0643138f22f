using System.Net.Http.Json;
using System.Text.Json;
using EmrShare.Core;
using EmrShare.Core.Crypto;
using EmrShare.Core.Errors;
using EmrShare.Core.Handshake;
using Nethereum.Signer;

namespace EmrShare.Wallet.Checkin;

/// <summary>The hospital refused or could not be reached; the message is for the patient (no key, no content).</summary>
[ErrorKind(ErrorKind.Refused)]
public sealed class CheckInFailedException(string message) : EmrShareException(message)
{
    public CheckInFailedException()
        : this("the check-in failed")
    {
    }

    public CheckInFailedException(string message, Exception innerException)
        : this(message + ": " + innerException?.Message)
    {
    }
}

/// <summary>An open, mutually authenticated visit from this phone (its session keys live in this tab only).</summary>
public sealed class OpenVisit(CheckInCode code, SecureSession session, string localPatientId) : IDisposable
{
    public CheckInCode Code { get; } = code;

    /// <summary>The hospital's id for this patient; empty until the desk confirms the check-in.</summary>
    public string LocalPatientId { get; internal set; } = localPatientId;

    /// <summary>The desk has not confirmed yet: the patient shows <see cref="ConfirmationCode"/> to the clerk.</summary>
    public bool Pending => LocalPatientId.Length == 0;

    /// <summary>Six digits from the handshake transcript; the clerk types them so the check-in is bound to this phone.</summary>
    public string ConfirmationCode => CheckInConfirmation.Of(Session.SessionId);

    internal SecureSession Session { get; } = session;

    public void Dispose() => Session.Dispose();
}

/// <summary>
/// The check-in handshake run from the phone, cross-origin to the hospital (its CORS policy admits the wallet's
/// origin): SIGMA-style signed ECDH with the pseudonym key derived on this device (Core's HandshakeInitiator), then
/// sealed messages on the session. Only public keys, signatures and ciphertext leave the phone.
/// </summary>
public sealed class HospitalVisitClient(HttpClient http, TimeProvider time)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<OpenVisit> CheckInAsync(CheckInCode code, EthECKey pseudonymKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(code);
        ArgumentNullException.ThrowIfNull(pseudonymKey);
        // The desk's challenge is bound into the transcript both sides sign (protocol version 2): the hospital accepts it
        // once, only if its desk issued it in the last 15 minutes, so a photographed or replayed code does not check in.
        var desk = new DeskChallenge(code.Challenge, code.Issued.ToUnixTimeSeconds());
        var initiator = HandshakeInitiator.Start(pseudonymKey, code.Hospital, code.ChainId, time, desk: desk);
        var response = await PostAsync<HandshakeInit, HandshakeResponse>(code.Endpoint, VisitRoutes.Begin, initiator.Init, cancellationToken).ConfigureAwait(true);
        SecureSession session;
        HandshakeFinish finish;
        try
        {
            (finish, session) = initiator.Complete(response);
        }
        catch (EmrShareSecurityException ex)
        {
            throw new CheckInFailedException("the hospital did not prove it holds its registered key: " + ex.Message);
        }

        try
        {
            var hello = session.Seal(JsonSerializer.SerializeToUtf8Bytes(new PatientHello(HexBytes.ToHex(pseudonymKey.PublicKeyCompressed())), Json));
            var sealedWelcome = await PostAsync<FinishVisitRequest, SealedMessage>(code.Endpoint, VisitRoutes.Finish, new FinishVisitRequest(finish, hello), cancellationToken).ConfigureAwait(true);
            var welcome = Open<VisitWelcome>(session, sealedWelcome);
            return new OpenVisit(code, session, welcome.Pending ? string.Empty : welcome.LocalPatientId);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>Asks whether the desk confirmed this check-in: true once it did (the visit then has its local id); rejected → <see cref="CheckInFailedException"/>.</summary>
    public async Task<bool> AskConfirmationAsync(OpenVisit visit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(visit);
        if (!visit.Pending)
        {
            return true;
        }

        var reply = await PostAsync<SealedMessage, SealedMessage>(visit.Code.Endpoint, VisitRoutes.Status, visit.Session.Seal([]), cancellationToken).ConfigureAwait(true);
        var welcome = Open<VisitWelcome>(visit.Session, reply);
        if (welcome.Pending || welcome.LocalPatientId.Length == 0)
        {
            return false;
        }

        visit.LocalPatientId = welcome.LocalPatientId;
        return true;
    }

    /// <summary>The records created for this patient since the last pull (each is delivered once).</summary>
    internal async Task<IReadOnlyList<RecordDelivery>> PullDeliveriesAsync(OpenVisit visit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(visit);
        var request = visit.Session.Seal(JsonSerializer.SerializeToUtf8Bytes(new DeliveryPull(100), Json));
        var reply = await PostAsync<SealedMessage, SealedMessage>(visit.Code.Endpoint, VisitRoutes.Deliveries, request, cancellationToken).ConfigureAwait(true);
        return Open<DeliveryBatch>(visit.Session, reply).Records;
    }

    /// <summary>One record's encrypted envelope, as the hospital stores it.</summary>
    internal async Task<byte[]> ReadEnvelopeAsync(OpenVisit visit, RecordId recordId, uint version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(visit);
        var request = visit.Session.Seal(JsonSerializer.SerializeToUtf8Bytes(new EnvelopeRequest(recordId, version), Json));
        var reply = await PostAsync<SealedMessage, SealedMessage>(visit.Code.Endpoint, VisitRoutes.Envelope, request, cancellationToken).ConfigureAwait(true);
        var envelope = Open<EnvelopeReply>(visit.Session, reply);
        return envelope.RecordId == recordId && envelope.Version == version
            ? envelope.Envelope
            : throw new CheckInFailedException("the hospital answered with another record than the one asked for");
    }

    /// <summary>
    /// Hands a grant already relayed on chain to its grantee in a visit there (the same visit route the server-side
    /// wallet offers grants on): the grant, its custodian, the record ids it lists and the handover signed here. The
    /// grantee checks it on chain and keeps it; no record content is sent.
    /// </summary>
    internal async Task<GrantAccepted> HandOverGrantAsync(OpenVisit visit, GrantOffer offer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(visit);
        ArgumentNullException.ThrowIfNull(offer);
        var request = visit.Session.Seal(JsonSerializer.SerializeToUtf8Bytes(offer, Json));
        var reply = await PostAsync<SealedMessage, SealedMessage>(visit.Code.Endpoint, VisitRoutes.Grant, request, cancellationToken).ConfigureAwait(true);
        var accepted = Open<GrantAccepted>(visit.Session, reply);
        return accepted.Grantee == visit.Code.Hospital
            ? accepted
            : throw new CheckInFailedException("the hospital answered for another grantee");
    }

    private static T Open<T>(SecureSession session, SealedMessage message)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(session.Open(message), Json) ?? throw new CheckInFailedException("the hospital sent an empty answer");
        }
        catch (Exception ex) when (ex is JsonException or EmrShareSecurityException)
        {
            throw new CheckInFailedException("the hospital's answer could not be opened: " + ex.Message);
        }
    }

    private async Task<TResponse> PostAsync<TRequest, TResponse>(Uri endpoint, string route, TRequest request, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.PostAsJsonAsync(new Uri(endpoint, route), request, Json, cancellationToken).ConfigureAwait(true);
        }
        catch (HttpRequestException ex)
        {
            throw new CheckInFailedException($"cannot reach the hospital at {endpoint.Authority} (offline, or it does not admit this wallet's origin): {ex.Message}");
        }

        using (response)
        {
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(true);
            try
            {
                if (response.IsSuccessStatusCode)
                {
                    return JsonSerializer.Deserialize<TResponse>(body, Json) ?? throw new CheckInFailedException("the hospital sent an empty answer");
                }

                var error = JsonSerializer.Deserialize<PeerError>(body, Json);
                throw new CheckInFailedException($"the hospital refused ({(int)response.StatusCode}): {error?.Message}");
            }
            catch (Exception ex) when (ex is JsonException or EmrShareSecurityException or FormatException or ArgumentException)
            {
                throw new CheckInFailedException($"the hospital's answer was not understood ({(int)response.StatusCode})");
            }
        }
    }
}
