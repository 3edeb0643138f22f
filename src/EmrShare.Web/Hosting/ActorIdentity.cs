namespace EmrShare.Web.Hosting;

/// <summary>A stable name per actor instance: cookie names and data-protection purposes never collide between actors.</summary>
internal static class ActorIdentity
{
    public static string Of(WebActor actor) => actor switch
    {
        HospitalActor hospital => "emrshare-hospital-" + hospital.Hospital.Address.ToString()[2..10],
        _ => "emrshare-" + actor.Kind,
    };
}
