using EmrShare.Chain.Tests.Suites;
using EmrShare.TestSupport;

namespace EmrShare.Ledger.Tests;

// Issue 18, item 5: the same contract suites, unchanged, against Anvil (Foundry) as a second reference chain.
public sealed class RegistryOnAnvil(AnvilFixture f) : RegistrySuite<AnvilFixture>(f), IClassFixture<AnvilFixture>;

public sealed class DeploymentOnAnvil(AnvilFixture f) : DeploymentSuite<AnvilFixture>(f), IClassFixture<AnvilFixture>;

public sealed class RecordsOnAnvil(AnvilFixture f) : RecordsSuite<AnvilFixture>(f), IClassFixture<AnvilFixture>;

public sealed class IndexOnAnvil(AnvilFixture f) : IndexSuite<AnvilFixture>(f), IClassFixture<AnvilFixture>;

public sealed class GrantOnAnvil(AnvilFixture f) : GrantSuite<AnvilFixture>(f), IClassFixture<AnvilFixture>;

public sealed class RevocationOnAnvil(AnvilFixture f) : RevocationSuite<AnvilFixture>(f), IClassFixture<AnvilFixture>;

public sealed class AccessEventsOnAnvil(AnvilFixture f) : AccessEventsSuite<AnvilFixture>(f), IClassFixture<AnvilFixture>;

public sealed class FulfilmentBatchOnAnvil(AnvilFixture f) : FulfilmentBatchSuite<AnvilFixture>(f), IClassFixture<AnvilFixture>;
