using Xunit;

namespace EmrShare.TestSupport;

/// <summary>
/// An Ethereum JSON-RPC endpoint a contract test suite runs against: where it listens, its chain id, and
/// private keys of accounts it pre-funded. Hardhat implements it here; the embedded ledger can implement it
/// too so the same suite runs unchanged against both.
/// </summary>
public interface IChainEndpoint : IAsyncDisposable
{
    Uri RpcUrl { get; }

    long ChainId { get; }

    /// <summary>Hex private keys (0x-prefixed) of funded accounts; at least ten.</summary>
    IReadOnlyList<string> FundedPrivateKeys { get; }
}

/// <summary>
/// An xUnit class fixture owning one <see cref="IChainEndpoint"/> for a test class. Subclass it once per chain
/// implementation (see <see cref="HardhatFixture"/>) and use it as the type argument of the contract suites.
/// </summary>
public abstract class ChainEndpointFixture : IAsyncLifetime
{
    private IChainEndpoint? _endpoint;

    public IChainEndpoint Endpoint => _endpoint ?? throw new InvalidOperationException("fixture not initialized");

    protected abstract Task<IChainEndpoint> StartAsync(CancellationToken cancellationToken);

    public async ValueTask InitializeAsync()
    {
        _endpoint = await StartAsync(TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_endpoint is not null)
        {
            await _endpoint.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }
}
