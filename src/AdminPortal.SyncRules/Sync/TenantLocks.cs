using System.Collections.Concurrent;

namespace AdminPortal.SyncRules.Sync;

/// <summary>
/// Serializes writers of one tenant inside this process, so batches and fix-ups don't trip over each other.
/// Across processes the database's unique indexes and row versions are the guard.
/// </summary>
public sealed class TenantLocks
{
    private readonly ConcurrentDictionary<Guid, SemaphoreSlim> locks = new();

    public async Task<IDisposable> AcquireAsync(Guid tenantId, CancellationToken ct)
    {
        var gate = locks.GetOrAdd(tenantId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        return new Release(gate);
    }

    private sealed class Release(SemaphoreSlim gate) : IDisposable
    {
        private int released;
        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0) gate.Release();
        }
    }
}
