using AdminPortal.Data.Rows;
using AdminPortal.SyncRules.Directory;
using AdminPortal.SyncRules.Ports;
using AdminPortal.SyncRules.Sync;
using Microsoft.EntityFrameworkCore;

namespace AdminPortal.Data.Stores;

/// <summary>Sync runs: the run rows, their staged pages, and the transaction a commit runs in.</summary>
public sealed class SyncRunStore(PortalDbContextFactory factory) : ISyncRunStore
{
    public async Task AddAsync(SyncRun run, IReadOnlyList<StagedObject> objects, CancellationToken ct)
    {
        var rows = StagedRows(objects, run.Id);
        await using var unit = await WriteUnit.BeginAsync(factory, ct);
        await unit.RunAsync(async w =>
        {
            await w.InsertAsync([RowMapper.ToRow(run)]);
            await w.InsertAsync(rows);
        }, ct);
        await unit.CommitAsync(ct);
    }

    /// <summary>
    /// The page's rows, each object's JSON made before the write begins: on SQLite the write holds the database's one
    /// write lock, which no other writer should wait on while a page is serialized.
    /// </summary>
    private static List<StagedObjectRow> StagedRows(IReadOnlyList<StagedObject> objects, Guid runId) =>
        objects.Select(o => RowMapper.ToRow(o, runId)).ToList();

    public async Task<SyncRun?> FindAsync(Guid tenantId, Guid runId, CancellationToken ct)
    {
        await using var db = factory.CreateDbContext();
        var row = await db.SyncRuns.FirstOrDefaultAsync(r => r.TenantId == tenantId && r.Id == runId, ct);
        return row is null ? null : RowMapper.ToRun(row);
    }

    public async Task<IReadOnlyDictionary<string, int>> StagedAnchorsAsync(Guid runId, IReadOnlyCollection<string> anchors, CancellationToken ct)
    {
        await using var db = factory.CreateDbContext();
        var list = anchors.ToArray();
        return await db.StagedObjects.Where(s => s.RunId == runId && EF.Parameter(list).Contains(s.SourceAnchor))
            .ToDictionaryAsync(s => s.SourceAnchor, s => s.Sequence, StringComparer.Ordinal, ct);
    }

    public async Task StagePageAsync(SyncRun before, SyncRun after, IReadOnlyList<StagedObject> objects, CancellationToken ct)
    {
        var rows = StagedRows(objects, after.Id);
        await using var unit = await WriteUnit.BeginAsync(factory, ct);
        await unit.RunAsync(async w =>
        {
            await RunWriter.MoveAsync(w, before, after);
            await w.InsertAsync(rows);
        }, ct);
        await unit.CommitAsync(ct);
    }

    public async Task SettleAsync(SyncRun before, SyncRun after, DirectoryChanges? with, CancellationToken ct)
    {
        await using var unit = await WriteUnit.BeginAsync(factory, ct);
        await unit.RunAsync(async w =>
        {
            await RunWriter.MoveAsync(w, before, after);
            if (with is not null) await new ChangeWriter(w, after.TenantId).WriteAsync(with);
        }, ct);
        await unit.CommitAsync(ct);
    }

    public async Task<int> AbandonExpiredAsync(DateTimeOffset cutoff, DateTimeOffset now, CancellationToken ct)
    {
        await using var db = factory.CreateDbContext();
        var expired = await db.SyncRuns.Where(r => r.Status == (int)SyncRunStatus.Open && r.LastActivityDateTime < cutoff).ToListAsync(ct);
        var abandoned = 0;
        foreach (var row in expired)
        {
            var run = RowMapper.ToRun(row);
            try
            {
                await SettleAsync(run, run.Settled(SyncRunStatus.Abandoned, now), null, ct);
                abandoned++;
            }
            // A page or a commit got to it first: it is not expired any more, or it is committed.
            catch (SyncRules.ConcurrentChangeException) { }
        }
        return abandoned;
    }

    public async Task<IReadOnlyList<StagedObject>> ReadStagedAsync(Guid runId, int afterSequence, int take, CancellationToken ct)
    {
        await using var db = factory.CreateDbContext();
        // The next chunk by key, whatever the statistics say: a run's pages arrive faster than the table is analyzed (at
        // 1,000,000 objects on PostgreSQL the commit waited 28 s in all for chunks read so).
        await using var transaction = db.Provider == DatabaseProvider.Postgres ? await db.Database.BeginTransactionAsync(ct) : null;
        await ByKeyOnlyAsync(db, ct);
        return (await db.StagedObjects.AsNoTracking().Where(s => s.RunId == runId && s.Sequence > afterSequence).OrderBy(s => s.Sequence).Take(take)
            .ToListAsync(ct)).Select(RowMapper.ToStaged).ToList();
    }

    /// <summary>
    /// On PostgreSQL, the current transaction's reads all by key: sequential and bitmap scans off for it alone. During a
    /// run the planner prices lookups in tables that grew by a million rows within minutes by statistics taken when they
    /// were nearly empty (it priced a lookup of fifteen thousand values as a bitmap of the whole tenant). Elsewhere nothing.
    /// </summary>
    private static Task ByKeyOnlyAsync(PortalDbContext db, CancellationToken ct) => db.Provider == DatabaseProvider.Postgres
        ? db.Database.ExecuteSqlRawAsync("SET LOCAL enable_seqscan = off; SET LOCAL enable_bitmapscan = off", ct)
        : Task.CompletedTask;

    /// <summary>Rows per transaction when a committed run's staged objects are removed: each holds SQLite's write lock briefly.</summary>
    internal int RemovedPerTransaction { get; init; } = 20_000;

    public async Task<int> RemoveLeftOverStagedAsync(CancellationToken ct)
    {
        await using var db = factory.CreateDbContext();
        // One probe of the staged objects' key per committed run (each batch is one): cheap at thousands of batches.
        var leftOver = await db.SyncRuns.Where(r => r.Status == (int)SyncRunStatus.Committed && db.StagedObjects.Any(s => s.RunId == r.Id))
            .Select(r => r.Id).ToListAsync(ct);
        foreach (var runId in leftOver) await RemoveStagedAsync(runId, ct);
        return leftOver.Count;
    }

    public async Task RemoveStagedAsync(Guid runId, CancellationToken ct)
    {
        int last;
        await using (var db = factory.CreateDbContext())
            if (await db.StagedObjects.Where(s => s.RunId == runId).MaxAsync(s => (int?)s.Sequence, ct) is { } max) last = max;
            else return;
        for (var from = 0; from <= last; from += RemovedPerTransaction)
        {
            var below = from + RemovedPerTransaction;
            // Through a write unit like every other write of the store: its page cache matters here too, each row leaving
            // the index by source anchor at random (a 10,000,000-object run's rows took 12 minutes to remove on a connection
            // with SQLite's default 2 MB; not measured again with the unit's 64 MB, the same at 1,000,000: 19 and 21 s).
            await using var unit = await WriteUnit.BeginAsync(factory, ct);
            await DatabaseErrors.StoredAsync(() => unit.Db.StagedObjects.Where(s => s.RunId == runId && s.Sequence < below).ExecuteDeleteAsync(ct));
            await unit.CommitAsync(ct);
        }
    }

    public async Task<IRunCommit> BeginCommitAsync(Guid tenantId, CancellationToken ct) =>
        new RunCommit(await WriteUnit.BeginAsync(factory, ct), tenantId);

    private sealed class RunCommit(WriteUnit unit, Guid tenantId) : IRunCommit
    {
        private PortalDbContext Db => unit.Db;
        private int analyzedAt;
        private int objectsAtStart;
        /// <summary>For a run that mostly brings new objects: what the tenant may hold, so that a chunk looks up only that.</summary>
        private KnownKeys? known;

        public async Task<(int Objects, int Synced)> CountsAsync(CancellationToken ct)
        {
            // Every read of a commit is by key: a scan of the tenant's rows is never the cheaper way. This transaction only.
            await ByKeyOnlyAsync(Db, ct);
            var objects = await Db.DirectoryObjects.CountAsync(o => o.TenantId == tenantId, ct);
            analyzedAt = objectsAtStart = objects;
            return (objects, await Db.DirectoryObjects.CountAsync(o => o.TenantId == tenantId && o.SyncEnabled, ct));
        }

        public async Task ClaimAsync(SyncRun run, SyncBatchRecord batch, CancellationToken ct)
        {
            await unit.RunAsync(async w =>
            {
                await RunWriter.ClaimAsync(w, run);
                await w.InsertAsync([RowMapper.ToRow(batch, tenantId)]);
            }, ct);
            // Most of the run's keys are new to the tenant (four objects of the run or more to each it holds): lookups
            // would mostly find nothing. The tenant's own keys are read once into the filter, each chunk's as it is
            // written. Otherwise (a delta, a full run over what is there) nearly every key is found, and looked up.
            if (objectsAtStart * 4L <= run.ObjectCount && run.ObjectCount > 0) known = await KnownKeysAsync(run.ObjectCount, ct);
        }

        private async Task<KnownKeys> KnownKeysAsync(int runObjects, CancellationToken ct)
        {
            var keys = new KnownKeys(objectsAtStart + (long)runObjects);
            if (objectsAtStart == 0) return keys;
            await foreach (var (_, _, key) in SyncStore.TenantKeysAsync(Db, tenantId, ct)) keys.Add(key);
            return keys;
        }

        public async Task LoadIntoAsync(DirectoryIndex index, BatchKeys keys, int tenantObjects, CancellationToken ct)
        {
            await KeepStatisticsAsync(tenantObjects, ct);
            var (objects, failures) = await SyncStore.LoadKeyedAsync(Db, tenantId, keys, tenantObjects, ct, known?.Narrow(keys));
            index.AddLoaded(objects, failures);
        }

        // Only values the tenant may hold are looked up: on a first sync, as a rule, none.
        public async Task<IReadOnlyList<(Guid Id, string Upn)>> UpnHoldersAsync(IReadOnlyCollection<string> normalizedUpns, CancellationToken ct) =>
            await SyncStore.UpnHoldersAsync(Db, tenantId, known is null ? normalizedUpns : normalizedUpns.Where(known.MayHold), ct);

        public async Task<IReadOnlyList<KeyValuePair<string, SyncedAnchor>>> MissingAsync(Guid runId, string? afterAnchor, int take, CancellationToken ct)
        {
            var synced = Db.DirectoryObjects.Where(o => o.TenantId == tenantId && o.SyncEnabled && o.ImmutableId != null
                && !Db.StagedObjects.Any(s => s.RunId == runId && s.SourceAnchor == o.ImmutableId && !s.IsDeleted));
            if (afterAnchor is not null) synced = synced.Where(o => string.Compare(o.ImmutableId, afterAnchor) > 0);
            return (await synced.OrderBy(o => o.ImmutableId).Take(take).Select(o => new { o.ImmutableId, o.Id, o.ObjectType }).ToListAsync(ct))
                .Select(o => KeyValuePair.Create(o.ImmutableId!, new SyncedAnchor(o.Id, (ObjectType)o.ObjectType))).ToList();
        }

        /// <summary>
        /// PostgreSQL plans each lookup from the statistics autovacuum took before the commit began, which know nothing of
        /// the rows this transaction wrote since: a tenant grown from empty to a million objects inside it was still planned
        /// as nearly empty — every chunk's lookups read all the tenant's rows, and the commit went quadratic (349 s at
        /// 1,000,000). ANALYZE inside the transaction counts its own rows; it runs each time the tenant has doubled (a
        /// delta into a large tenant never needs it). SQLite plans by its indexes alone and needs none of this.
        /// </summary>
        private async Task KeepStatisticsAsync(int tenantObjects, CancellationToken ct)
        {
            if (Db.Provider != DatabaseProvider.Postgres || tenantObjects < analyzedAt * 2L || tenantObjects - analyzedAt < 20_000) return;
            await Db.Database.ExecuteSqlRawAsync("ANALYZE \"DirectoryObjects\", \"ProxyAddresses\", \"Quarantine\"", ct);
            analyzedAt = tenantObjects;
        }

        public async Task WriteAsync(DirectoryChanges changes, Guid batchId, int firstSequence, CancellationToken ct)
        {
            await unit.RunAsync(w => new ChangeWriter(w, tenantId).WriteAsync(changes, (batchId, firstSequence)), ct);
            // A value an object gave up stays "may hold": the filter only ever says too much, which costs a lookup.
            if (known is not null) foreach (var o in changes.Added.Concat(changes.Modified)) known.Add(o);
        }

        public Task FinishAsync(SyncRun committed, SyncBatchRecord batch, DirectoryChanges last, CancellationToken ct) => unit.RunAsync(async w =>
        {
            // Claimed at the start: the version is already this transaction's.
            await RunWriter.SetAsync(w, committed);
            await w.UpdateAsync(RowMapper.ToRow(batch, tenantId), [nameof(SyncBatchRow.Id)],
                [nameof(SyncBatchRow.Created), nameof(SyncBatchRow.Matched), nameof(SyncBatchRow.Updated), nameof(SyncBatchRow.Unchanged),
                 nameof(SyncBatchRow.Deleted), nameof(SyncBatchRow.Failed)]);
            await new ChangeWriter(w, tenantId).WriteAsync(last);
        }, ct);

        public Task CommitAsync(CancellationToken ct) => unit.CommitAsync(ct);

        public ValueTask DisposeAsync() => unit.DisposeAsync();
    }
}
