using EmrShare.Web.Api.Patient;
using EmrShare.Web.Components.Pages.Patient;

namespace EmrShare.Web.Tests;

/// <summary>
/// The wallet's access log for an emergency at another hospital (issue 16 #9): the two entries of the custodian's
/// fulfilment transaction are told as "A sent … to B for an emergency" and "B opened …, held at A, in an emergency".
/// The entries have the shape PatientDesk gives the chain's events (the end-to-end path: EmergencyAccessApiTests).
/// </summary>
public sealed class AccessStoryEmergencyTests
{
    private const string A = "0x00000000000000000000000000000000000000aa";
    private const string B = "0x00000000000000000000000000000000000000bb";
    private const string Record = "0x1111111111111111111111111111111111111111111111111111111111111111";
    private const string Tx = "0x2222222222222222222222222222222222222222222222222222222222222222";
    private static readonly string NoGrant = "0x" + new string('0', 64);

    [Fact]
    public void Tell_EmergencyServedByAForB_NamesBAsTheHospitalThatBrokeTheGlass()
    {
        var at = new DateTimeOffset(2026, 12, 7, 18, 0, 0, TimeSpan.Zero);
        var broke = new AccessLogItem(A, "BreakGlassAccessed", B, null, Record, 10, at, Tx, true, "patient unconscious");
        var sent = new AccessLogItem(A, "AccessFulfilled", A, NoGrant, null, 10, at, Tx, false, null);
        var story = new AccessStory([broke, sent], [], new Dictionary<string, string> { [Record] = "HbA1c" }, a => a == A ? "Hospital A" : a == B ? "Hospital B" : "someone");

        Assert.Equal("Hospital B opened your record “HbA1c”, held at Hospital A, in an emergency, without your grant.", story.Tell(broke));
        Assert.Equal("Hospital A sent your record “HbA1c” to Hospital B for an emergency, without your grant.", story.Tell(sent));
    }
}
