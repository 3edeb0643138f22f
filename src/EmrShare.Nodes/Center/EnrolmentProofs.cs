using EmrShare.Core;
using EmrShare.Nodes.Deployment;

namespace EmrShare.Nodes.Center;

/// <summary>
/// Checks a registration request's proofs of possession before it is queued (issue finding: enrolment never verified
/// them): exactly one <see cref="Core.Identity.PseudonymRegistration"/> per pseudonym, each opening the request's
/// identity commitment, signed by the identity key and by the pseudonym key, for this chain and Registry, and fresh.
/// Without it anyone could enrol addresses whose keys they do not hold (someone else's key, or a hospital's).
/// </summary>
internal static class EnrolmentProofs
{
    public static void Verify(PatientRegistrationRequest request, ulong chainId, ChainAddress registry, TimeProvider time)
    {
        var proofs = request.Proofs ?? [];
        if (proofs.Count != request.Pseudonyms.Count || proofs.Any(p => p is null)
            || !proofs.Select(p => p.Pseudonym.Address).OrderBy(a => a.Lower, StringComparer.Ordinal)
                .SequenceEqual(request.Pseudonyms.OrderBy(a => a.Lower, StringComparer.Ordinal)))
        {
            throw new EnrolmentRefusedException(EnrolmentRefusal.InvalidRequest, "each pseudonym needs exactly one proof of possession (signed by the identity key and the pseudonym key)");
        }

        foreach (var proof in proofs)
        {
            try
            {
                proof.Verify(request.IdentityCommitment, chainId, registry, time);
            }
            catch (EmrShareSecurityException ex)
            {
                throw new EnrolmentRefusedException(EnrolmentRefusal.InvalidRequest, "a proof of possession does not verify: " + ex.Message);
            }
            catch (Exception ex) when (ex is FormatException or ArgumentException)
            {
                throw new EnrolmentRefusedException(EnrolmentRefusal.InvalidRequest, "a proof of possession is malformed: " + ex.Message);
            }
        }
    }
}
