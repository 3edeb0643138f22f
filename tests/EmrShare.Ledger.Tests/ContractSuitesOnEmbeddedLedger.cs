using EmrShare.Chain.Tests.Suites;
using EmrShare.Ledger.Tests.TestKit;

namespace EmrShare.Ledger.Tests;

// The foundation issue's contract suites, unchanged, against the embedded ledger (over HTTP JSON-RPC with
// Nethereum's Web3, exactly as against Hardhat). Each class gets its own fresh in-memory ledger.
public sealed class RegistryOnEmbeddedLedger(EmbeddedLedgerFixture f) : RegistrySuite<EmbeddedLedgerFixture>(f), IClassFixture<EmbeddedLedgerFixture>;

public sealed class DeploymentOnEmbeddedLedger(EmbeddedLedgerFixture f) : DeploymentSuite<EmbeddedLedgerFixture>(f), IClassFixture<EmbeddedLedgerFixture>;

public sealed class RecordsOnEmbeddedLedger(EmbeddedLedgerFixture f) : RecordsSuite<EmbeddedLedgerFixture>(f), IClassFixture<EmbeddedLedgerFixture>;

public sealed class IndexOnEmbeddedLedger(EmbeddedLedgerFixture f) : IndexSuite<EmbeddedLedgerFixture>(f), IClassFixture<EmbeddedLedgerFixture>;

public sealed class GrantOnEmbeddedLedger(EmbeddedLedgerFixture f) : GrantSuite<EmbeddedLedgerFixture>(f), IClassFixture<EmbeddedLedgerFixture>;

public sealed class RevocationOnEmbeddedLedger(EmbeddedLedgerFixture f) : RevocationSuite<EmbeddedLedgerFixture>(f), IClassFixture<EmbeddedLedgerFixture>;

public sealed class AccessEventsOnEmbeddedLedger(EmbeddedLedgerFixture f) : AccessEventsSuite<EmbeddedLedgerFixture>(f), IClassFixture<EmbeddedLedgerFixture>;

public sealed class CustodyOnEmbeddedLedger(EmbeddedLedgerFixture f) : CustodySuite<EmbeddedLedgerFixture>(f), IClassFixture<EmbeddedLedgerFixture>;

public sealed class FulfilmentBatchOnEmbeddedLedger(EmbeddedLedgerFixture f) : FulfilmentBatchSuite<EmbeddedLedgerFixture>(f), IClassFixture<EmbeddedLedgerFixture>;
