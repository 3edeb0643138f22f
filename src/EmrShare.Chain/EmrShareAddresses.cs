namespace EmrShare.Chain;

/// <summary>Where the four EmrShare contracts of one deployment live.</summary>
public sealed record EmrShareAddresses(string Registry, string Records, string Index, string AccessControl);
