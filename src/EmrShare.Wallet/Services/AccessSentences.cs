using System.Globalization;
using EmrShare.Chain;
using EmrShare.Core;

namespace EmrShare.Wallet.Services;

/// <summary>
/// The access log told from the patient's side, in the server wallet's words (EmrShare.Web's AccessStory): hospitals
/// by name, "you" for the patient, break-glass as an emergency access without a grant.
/// </summary>
public sealed class AccessSentences(IReadOnlyList<WalletHospital> hospitals, IReadOnlyList<PatientEvent> log)
{
    public string Tell(PatientEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var x = e.Entry;
        var custodian = e.Hospital.Name;
        return x.Kind switch
        {
            PatientAuditKind.GrantCreated => $"You gave {NameOf(x.Counterparty)} access to everything {custodian} holds about you.",
            PatientAuditKind.GrantRevoked => $"You revoked {GranteeOf(x.GrantId)}'s access to your records at {custodian}. It keeps what it already received.",
            PatientAuditKind.AccessRequested => $"{NameOf(x.Counterparty)} asked {custodian} for one of your records{GrantedOn(x.GrantId)}.",
            PatientAuditKind.AccessFulfilled when EmergencyOf(e) is { } emergency =>
                $"{custodian} sent one of your records to {NameOf(emergency.Entry.Counterparty)} for an emergency, without your grant ({Reason(emergency.Entry.Code)}).",
            PatientAuditKind.AccessFulfilled => $"{custodian} sent one of your records to {GranteeOf(x.GrantId)}{GrantedOn(x.GrantId)}.",
            PatientAuditKind.BreakGlassAccessed => $"{NameOf(x.Counterparty)} opened one of your records held by {custodian} in an emergency, without your grant ({Reason(x.Code)}).",
            PatientAuditKind.AccessRecorded => $"{NameOf(x.Counterparty)} read one of your records from {custodian}.",
            _ => $"{x.Kind} at {custodian}.",
        };
    }

    /// <summary>Break-glass reason codes as the contract defines them (1..3).</summary>
    public static string Reason(ushort? code) => code switch
    {
        1 => "patient unconscious",
        2 => "life-threatening emergency",
        3 => "other emergency",
        _ => "unspecified",
    };

    /// <summary>"3 Dec 2026".</summary>
    public static string Day(DateTimeOffset at) => at.ToString("d MMM yyyy", CultureInfo.InvariantCulture);

    public string NameOf(string? address)
    {
        if (address is null)
        {
            return "a hospital";
        }

        var parsed = ChainAddress.Parse(address);
        return hospitals.FirstOrDefault(h => h.Address == parsed)?.Name ?? "an unnamed account " + parsed.Lower[..10] + "…";
    }

    /// <summary>
    /// The break-glass entry logged in the same transaction as a delivery without a grant: the custodian served another
    /// hospital's emergency request, and that entry names the hospital that broke the glass (as the server wallet tells it).
    /// </summary>
    private PatientEvent? EmergencyOf(PatientEvent delivery) =>
        delivery.Entry.GrantId is null || delivery.Entry.GrantId.Value.IsZero
            ? log.FirstOrDefault(l => l.IsBreakGlass && string.Equals(l.Entry.TransactionHash, delivery.Entry.TransactionHash, StringComparison.OrdinalIgnoreCase))
            : null;

    private PatientEvent? CreatedOf(Bytes32? grantId) =>
        grantId is null ? null : log.FirstOrDefault(l => l.Entry.Kind == PatientAuditKind.GrantCreated && l.Entry.GrantId == grantId);

    private string GranteeOf(Bytes32? grantId) => CreatedOf(grantId) is { } created ? NameOf(created.Entry.Counterparty) : "a hospital";

    private string GrantedOn(Bytes32? grantId) => CreatedOf(grantId) is { } created ? $" (granted by you on {Day(created.At)})" : string.Empty;
}
