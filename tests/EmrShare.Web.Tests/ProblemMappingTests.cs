using EmrShare.Fhir.Codec;
using EmrShare.Nodes;
using EmrShare.Web.Auth;
using EmrShare.Web.Hosting;
using EmrShare.Web.Services;

namespace EmrShare.Web.Tests;

/// <summary>The one status table every refusal goes through (API and pages alike).</summary>
public sealed class ProblemMappingTests
{
    public static TheoryData<Exception, int> Refusals => new()
    {
        { new RequestValidationException("field", "bad"), 400 },
        { new SignInFailedException(), 401 },
        { new AccessDeniedException("revoked"), 403 },
        { new PractitionerRequiredException("no key"), 403 },
        { new UnknownEntityException("none"), 404 },
        { new ConflictException("again"), 409 },
        { new Nodes.Center.EnrolmentRefusedException(Nodes.Center.EnrolmentRefusal.AlreadyQueued, "queued"), 409 },
        { new Nodes.Center.EnrolmentRefusedException(Nodes.Center.EnrolmentRefusal.BelowRoundSize, "1 of 16"), 409 },
        { new Nodes.Center.EnrolmentRefusedException(Nodes.Center.EnrolmentRefusal.QueueEmpty, "empty"), 409 },
        { new Nodes.Center.EnrolmentRefusedException(Nodes.Center.EnrolmentRefusal.InvalidRequest, "zero"), 400 },
        { new RecordErasedException("gone"), 410 },
        { new FhirValidationException(new FhirValidationIssue("EMR001", "Bundle", "bad")), 422 },
        { new RecordVerificationException("forged"), 422 },
        { new FulfilmentTimeoutException("slow"), 504 },
        { new ChainUnavailableException("node down"), 503 },
        { new StorageUnavailableException("disk full"), 503 },
        { new Chain.NonceConflictException("another client sends from this account"), 503 },
        { new InvalidOperationException("bug"), 500 },
        // Issue 20: one table. These were 422 for every Core security exception (and 401 on the peer protocol).
        { new global::EmrShare.Core.RecordTamperedException("tag"), 422 },
        { new global::EmrShare.Core.SignatureInvalidException("forged"), 422 },
        { new global::EmrShare.Core.HandshakeAuthenticationException("bad transcript"), 401 },
        { new global::EmrShare.Core.SessionMessageException("replayed"), 401 },
        { new global::EmrShare.Core.EnvelopeFormatException("bad hex"), 400 },
        { new global::EmrShare.Core.WrongReaderException("other reader"), 403 },
        { new global::EmrShare.Core.HandshakeStateException("twice"), 409 },
        { new global::EmrShare.Core.ReplayCacheFullException("full"), 503 },
        { new global::EmrShare.Core.KeystorePassphraseException("wrong"), 401 },
        { new global::EmrShare.Core.KeystoreEntryNotFoundException("none"), 404 },
        // Were 500 (unmapped) or a framework status.
        { new global::EmrShare.Storage.BlobNotFoundException("no blob"), 404 },
        { new global::EmrShare.Storage.BlobTooLargeException("big"), 413 },
        { new global::EmrShare.Web.Security.SignInThrottledException(TimeSpan.FromMinutes(1)), 429 },
        { new SecondFactorRequiredException(), 401 },
        { new global::EmrShare.Nodes.Deployment.DeploymentFileException("missing"), 404 },
        { new global::EmrShare.Chain.ContractRevertedException("0x", "GrantRevoked"), 409 },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void Classify_DomainRefusal_MapsToItsStatus(Exception exception, int status) =>
        Assert.Equal(status, ProblemMapping.Classify(exception).Status);
}
