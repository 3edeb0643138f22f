namespace EmrShare.Web.Api.Center;

/// <summary>Register a hospital: its chain address, 33-byte compressed encryption public key (hex) and display name (only its hash goes on chain).</summary>
public sealed record RegisterHospitalRequest(string? Address, string? EncryptionKey, string? Name);

/// <summary>
/// Register a practitioner's signing address under a registered hospital. <paramref name="Name"/> (optional, e.g.
/// "Dr. Ada Mensah") is the display name shown instead of the address; without it, "Practitioner at" the hospital's name.
/// </summary>
public sealed record RegisterPractitionerRequest(string? Address, string? Hospital, string? Name = null);

/// <summary>
/// Queue a patient for enrolment from the wallet's registration request: identity commitment, one pseudonym per
/// hospital and the index account (funded with the Center's enrolment policy amount when its round runs).
/// </summary>
public sealed record RegisterPatientRequest(string? IdentityCommitment, IReadOnlyList<string>? Pseudonyms, string? IndexAccount, IReadOnlyList<Core.Identity.PseudonymRegistration>? Proofs = null);

/// <summary>A hospital as the Registry stores it.</summary>
public sealed record HospitalRegistration(string Address, string EncryptionKey, string NameHash, bool Active);

/// <summary>A practitioner as the Registry stores it.</summary>
public sealed record PractitionerRegistration(string Address, string Hospital, bool Active);

/// <summary>A new display name for a registered hospital or practitioner (published in the Center's signed directory).</summary>
public sealed record DisplayNameRequest(string? Name);
