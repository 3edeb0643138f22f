using EmrShare.Core;

namespace EmrShare.Nodes.Deployment;

/// <summary>
/// What a patient hands the Center to register (<c>emrshare patient enrol</c>): the identity commitment (the
/// salt stays with the patient), one pseudonym per hospital and the index account. Nothing identifying: the
/// Center learns who the patient is off chain, and the pseudonyms are registered shuffled with no link.
/// </summary>
public sealed record PatientRegistrationRequest(Hash32 IdentityCommitment, IReadOnlyList<ChainAddress> Pseudonyms, ChainAddress IndexAccount)
{
    public static Task<PatientRegistrationRequest> LoadAsync(string path, CancellationToken cancellationToken) =>
        JsonFiles.ReadAsync<PatientRegistrationRequest>(path, "registration request", cancellationToken);

    public Task SaveAsync(string path, CancellationToken cancellationToken) => JsonFiles.WriteAsync(path, this, cancellationToken);
}
