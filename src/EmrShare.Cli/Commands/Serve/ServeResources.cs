namespace EmrShare.Cli.Commands.Serve;

/// <summary>What a serving command opened (servers, ledgers, databases, clients), closed in reverse order when it stops.</summary>
internal class ServeResources : IAsyncDisposable
{
    private readonly List<object> _owned = [];

    /// <summary>Keeps <paramref name="resource"/> (<see cref="IDisposable"/> or <see cref="IAsyncDisposable"/>) until the command stops.</summary>
    public T Own<T>(T resource)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(resource);
        if (resource is not (IDisposable or IAsyncDisposable))
        {
            throw new ArgumentException($"{resource.GetType().Name} is not disposable", nameof(resource));
        }

        _owned.Add(resource);
        return resource;
    }

    /// <summary>Closes everything, in reverse order; one that fails to close does not keep the others open.</summary>
    public async ValueTask DisposeAsync()
    {
        List<Exception>? failures = null;
        for (var i = _owned.Count - 1; i >= 0; i--)
        {
            try
            {
                switch (_owned[i])
                {
                    case IAsyncDisposable asyncDisposable:
                        await asyncDisposable.DisposeAsync().ConfigureAwait(false);
                        break;
                    case IDisposable disposable:
                        disposable.Dispose();
                        break;
                }
            }
#pragma warning disable CA1031 // collected and rethrown below, after the rest is closed
            catch (Exception ex)
#pragma warning restore CA1031
            {
                (failures ??= []).Add(ex);
            }
        }

        _owned.Clear();
        GC.SuppressFinalize(this);
        if (failures is not null)
        {
            throw new AggregateException("some of what the command opened failed to close", failures);
        }
    }
}
