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
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void Classify_DomainRefusal_MapsToItsStatus(Exception exception, int status) =>
        Assert.Equal(status, ProblemMapping.Classify(exception).Status);
}
