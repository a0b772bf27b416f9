using System.Collections.Concurrent;
using AdminPortal.SyncRules.Ports;

namespace AdminPortal.SyncRules.Sync;

/// <summary>
/// Serializes writers of one tenant inside this process. On its own where there is one process (SQLite); in front of
/// the database's lock where there are several, so that one waiter per process goes to the database.
/// </summary>
public sealed class TenantLocks : ITenantLocks
{
    private readonly ConcurrentDictionary<Guid, SemaphoreSlim> locks = new();

    public async Task<IAsyncDisposable> AcquireAsync(Guid tenantId, CancellationToken ct)
    {
        var gate = locks.GetOrAdd(tenantId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        return new Release(gate);
    }

    private sealed class Release(SemaphoreSlim gate) : IAsyncDisposable
    {
        private int released;

        public ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref released, 1) == 0) gate.Release();
            return ValueTask.CompletedTask;
        }
    }
}
