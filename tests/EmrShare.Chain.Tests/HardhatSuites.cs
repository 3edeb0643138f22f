using EmrShare.Chain.Tests.Suites;
using EmrShare.TestSupport;

namespace EmrShare.Chain.Tests;

// The contract suites against a real Hardhat 3 node. Each class gets its own node (class fixture), so classes
// may run in parallel without sharing nonces. To run the same suites on another chain, add a fixture deriving
// from ChainEndpointFixture and one line per suite like these.
public sealed class RegistryOnHardhat(HardhatFixture f) : RegistrySuite<HardhatFixture>(f), IClassFixture<HardhatFixture>;

public sealed class DeploymentOnHardhat(HardhatFixture f) : DeploymentSuite<HardhatFixture>(f), IClassFixture<HardhatFixture>;

public sealed class RecordsOnHardhat(HardhatFixture f) : RecordsSuite<HardhatFixture>(f), IClassFixture<HardhatFixture>;

public sealed class IndexOnHardhat(HardhatFixture f) : IndexSuite<HardhatFixture>(f), IClassFixture<HardhatFixture>;

public sealed class GrantOnHardhat(HardhatFixture f) : GrantSuite<HardhatFixture>(f), IClassFixture<HardhatFixture>;

public sealed class RevocationOnHardhat(HardhatFixture f) : RevocationSuite<HardhatFixture>(f), IClassFixture<HardhatFixture>;

public sealed class AccessEventsOnHardhat(HardhatFixture f) : AccessEventsSuite<HardhatFixture>(f), IClassFixture<HardhatFixture>;

public sealed class ConnectionOnHardhat(HardhatFixture f) : ConnectionSuite<HardhatFixture>(f), IClassFixture<HardhatFixture>;

public sealed class CustodyOnHardhat(HardhatFixture f) : CustodySuite<HardhatFixture>(f), IClassFixture<HardhatFixture>;

public sealed class FulfilmentBatchOnHardhat(HardhatFixture f) : FulfilmentBatchSuite<HardhatFixture>(f), IClassFixture<HardhatFixture>;
