using EmrShare.Core;
using EmrShare.Core.Crypto;

namespace EmrShare.Nodes.Deployment;

/// <summary>
/// What a patient hands the Center to register (<c>emrshare patient enrol</c>): the identity commitment (the
/// salt stays with the patient), one pseudonym per hospital and the index account. Nothing identifying: the
/// Center learns who the patient is off chain, and the pseudonyms are registered shuffled with no link.
/// </summary>
public sealed record PatientRegistrationRequest(Hash32 IdentityCommitment, IReadOnlyList<ChainAddress> Pseudonyms, ChainAddress IndexAccount)
{
    /// <summary>
    /// Proof of possession, one per pseudonym (<see cref="Core.Identity.PseudonymRegistration"/>): the identity key and
    /// salt open <see cref="IdentityCommitment"/>, and both the identity key and the pseudonym key signed the statement.
    /// The Center's queue refuses a request without a valid proof for every pseudonym; the proofs are not stored.
    /// </summary>
    public IReadOnlyList<Core.Identity.PseudonymRegistration> Proofs { get; init; } = [];

    /// <summary>
    /// The request of <paramref name="identity"/> for <paramref name="hospitals"/> (one pseudonym each) under
    /// <paramref name="salt"/>, with its proofs of possession for the given chain and Registry.
    /// </summary>
    public static PatientRegistrationRequest Prove(Core.Identity.PatientIdentity identity, IEnumerable<ChainAddress> hospitals, Hash32 salt, ulong chainId, ChainAddress registry, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(hospitals);
        var distinct = hospitals.Distinct().ToList();
        return new(identity.IdentityCommitment(salt), [.. distinct.Select(h => identity.PseudonymAt(h).Address)], identity.IndexKey().Address())
        {
            Proofs = [.. distinct.Select(h => Core.Identity.PseudonymRegistration.Create(identity, h, salt, chainId, registry, time))],
        };
    }

    public static Task<PatientRegistrationRequest> LoadAsync(string path, CancellationToken cancellationToken) =>
        JsonFiles.ReadAsync<PatientRegistrationRequest>(path, "registration request", cancellationToken);

    public Task SaveAsync(string path, CancellationToken cancellationToken) => JsonFiles.WriteAsync(path, this, cancellationToken);
}
