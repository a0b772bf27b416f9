using AdminPortal.SyncRules;
using AdminPortal.SyncRules.Directory;
using AdminPortal.SyncRules.Ports;
using AdminPortal.SyncRules.Sync;

namespace AdminPortal.SyncRules.Tests;

/// <summary>
/// Sync runs in memory over an <see cref="InMemoryStore"/>. A commit writes into the store as it goes (so later chunks
/// see earlier ones) and puts the store back as it was when disposed uncommitted, as a rolled-back transaction would.
/// </summary>
public sealed class InMemoryRunStore(InMemoryStore store) : ISyncRunStore
{
    private InMemoryStore Store => store;
    public Dictionary<Guid, SyncRun> Runs { get; } = [];
    public Dictionary<Guid, SortedList<int, IncomingObject>> Staged { get; } = [];
    /// <summary>How many times commits looked for synced objects their run left out.</summary>
    public int MissingSearches { get; private set; }

    public Task AddAsync(SyncRun run, IReadOnlyList<StagedObject> objects, CancellationToken ct)
    {
        Runs[run.Id] = run;
        Staged[run.Id] = new SortedList<int, IncomingObject>(objects.ToDictionary(o => o.Sequence, o => o.Object));
        return Task.CompletedTask;
    }

    public Task<SyncRun?> FindAsync(Guid tenantId, Guid runId, CancellationToken ct) =>
        Task.FromResult(Runs.GetValueOrDefault(runId) is { } r && r.TenantId == tenantId ? r : null);


    public Task<IReadOnlyDictionary<string, int>> StagedAnchorsAsync(Guid runId, IReadOnlyCollection<string> anchors, CancellationToken ct) =>
        Task.FromResult<IReadOnlyDictionary<string, int>>(Staged[runId].Where(s => anchors.Contains(s.Value.SourceAnchor!)).ToDictionary(s => s.Value.SourceAnchor!, s => s.Key));

    public Task StagePageAsync(SyncRun before, SyncRun after, IReadOnlyList<StagedObject> objects, CancellationToken ct)
    {
        Move(before, after);
        foreach (var o in objects) Staged[after.Id].Add(o.Sequence, o.Object);
        return Task.CompletedTask;
    }

    public async Task SettleAsync(SyncRun before, SyncRun after, DirectoryChanges? with, CancellationToken ct)
    {
        Move(before, after);
        if (with is not null) await store.SaveAsync(after.TenantId, with, ct);
    }

    public async Task<int> AbandonExpiredAsync(DateTimeOffset cutoff, DateTimeOffset now, CancellationToken ct)
    {
        var expired = Runs.Values.Where(r => r.Status == SyncRunStatus.Open && r.LastActivityDateTime < cutoff).ToList();
        foreach (var r in expired) await SettleAsync(r, r.Settled(SyncRunStatus.Abandoned, now), null, ct);
        return expired.Count;
    }

    public Task<int> RemoveLeftOverStagedAsync(CancellationToken ct)
    {
        var leftOver = Runs.Values.Where(r => r.Status == SyncRunStatus.Committed && Staged[r.Id].Count > 0).ToList();
        foreach (var r in leftOver) Staged[r.Id].Clear();
        return Task.FromResult(leftOver.Count);
    }

    public Task<IReadOnlyList<StagedObject>> ReadStagedAsync(Guid runId, int afterSequence, int take, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<StagedObject>>(Staged[runId].Where(s => s.Key > afterSequence).Take(take).Select(s => new StagedObject(s.Key, s.Value)).ToList());

    public Task RemoveStagedAsync(Guid runId, CancellationToken ct)
    {
        Staged[runId].Clear();
        return Task.CompletedTask;
    }

    public Task<IRunCommit> BeginCommitAsync(Guid tenantId, CancellationToken ct) => Task.FromResult<IRunCommit>(new Commit(this, tenantId));

    private void Move(SyncRun before, SyncRun after)
    {
        if (Runs[before.Id].Version != before.Version) throw new ConcurrentChangeException("run changed meanwhile");
        Runs[after.Id] = after with { Version = before.Version + 1 };
        if (after.Status is SyncRunStatus.Abandoned) Staged[after.Id].Clear();
    }

    private sealed class Commit(InMemoryRunStore owner, Guid tenantId) : IRunCommit
    {
        private readonly InMemoryStore.Snapshot before = owner.Store.Take();
        private readonly Dictionary<Guid, SyncRun> runsBefore = new(owner.Runs);
        private bool committed;

        public Task<(int Objects, int Synced)> CountsAsync(CancellationToken ct)
        {
            var mine = owner.Store.Objects.Values.Where(o => o.TenantId == tenantId).ToList();
            return Task.FromResult((mine.Count, mine.Count(o => o.SyncEnabled)));
        }

        public Task ClaimAsync(SyncRun run, SyncBatchRecord batch, CancellationToken ct)
        {
            owner.Move(run, run);
            owner.Store.Batches.Add(batch);
            return Task.CompletedTask;
        }

        public Task LoadIntoAsync(DirectoryIndex index, BatchKeys keys, int tenantObjects, CancellationToken ct) => owner.Store.LoadIntoAsync(tenantId, index, keys, ct);

        public Task<IReadOnlyList<(Guid Id, string Upn)>> UpnHoldersAsync(IReadOnlyCollection<string> normalizedUpns, CancellationToken ct) =>
            Task.FromResult<IReadOnlyList<(Guid, string)>>(owner.Store.Objects.Values
                .Where(o => o.TenantId == tenantId && o.UpnNormalized is not null && normalizedUpns.Contains(o.UpnNormalized))
                .Select(o => (o.Id, o.UpnNormalized!)).ToList());

        public Task<IReadOnlyList<KeyValuePair<string, SyncedAnchor>>> MissingAsync(Guid runId, string? afterAnchor, int take, CancellationToken ct)
        {
            owner.MissingSearches++;
            var named = owner.Staged[runId].Values.Where(o => o.IsDeleted != true).Select(o => o.SourceAnchor!).ToHashSet(StringComparer.Ordinal);
            return Task.FromResult<IReadOnlyList<KeyValuePair<string, SyncedAnchor>>>(owner.Store.Objects.Values
                .Where(o => o.TenantId == tenantId && o.SyncEnabled && o.ImmutableId is not null && !named.Contains(o.ImmutableId)
                            && (afterAnchor is null || string.CompareOrdinal(o.ImmutableId, afterAnchor) > 0))
                .OrderBy(o => o.ImmutableId, StringComparer.Ordinal).Take(take)
                .Select(o => KeyValuePair.Create(o.ImmutableId!, new SyncedAnchor(o.Id, o.Type))).ToList());
        }

        public Task WriteAsync(DirectoryChanges changes, Guid batchId, int firstSequence, CancellationToken ct) => owner.Store.SaveAsync(tenantId, changes, ct);

        public async Task FinishAsync(SyncRun committed, SyncBatchRecord batch, DirectoryChanges last, CancellationToken ct)
        {
            owner.Runs[committed.Id] = committed with { Version = owner.Runs[committed.Id].Version };
            owner.Store.Batches[owner.Store.Batches.FindIndex(b => b.Id == batch.Id)] = batch;
            await owner.Store.SaveAsync(tenantId, last, ct);
        }

        public Task CommitAsync(CancellationToken ct)
        {
            committed = true;
            return Task.CompletedTask;
        }

        public ValueTask DisposeAsync()
        {
            if (committed) return ValueTask.CompletedTask;
            owner.Store.Restore(before);
            owner.Runs.Clear();
            foreach (var (k, v) in runsBefore) owner.Runs[k] = v;
            return ValueTask.CompletedTask;
        }
    }
}
