using AdminPortal.SyncRules.Sync;
using Microsoft.Extensions.Logging;

namespace AdminPortal.SyncRules.Ports;

/// <summary>Sync runs and their staged pages. Implemented by AdminPortal.Data.</summary>
public interface ISyncRunStore
{
    /// <summary>A new run with the objects of its pages so far (none for a run opened empty; one page for a batch).</summary>
    Task AddAsync(SyncRun run, IReadOnlyList<StagedObject> objects, CancellationToken ct);

    Task<SyncRun?> FindAsync(Guid tenantId, Guid runId, CancellationToken ct);


    /// <summary>Which of these source anchors earlier pages of the run hold, with their place in the run.</summary>
    Task<IReadOnlyDictionary<string, int>> StagedAnchorsAsync(Guid runId, IReadOnlyCollection<string> anchors, CancellationToken ct);

    /// <summary>
    /// The page's objects staged and the run moved from <paramref name="before"/> to <paramref name="after"/>, in one
    /// transaction. Throws <see cref="ConcurrentChangeException"/> when the run changed meanwhile (another page, a
    /// commit) or another page took one of the source anchors first.
    /// </summary>
    Task StagePageAsync(SyncRun before, SyncRun after, IReadOnlyList<StagedObject> objects, CancellationToken ct);

    /// <summary>
    /// The run settled (held, abandoned) from the version read, with <paramref name="with"/> in the same transaction;
    /// its staged pages removed unless it is held. <see cref="ConcurrentChangeException"/> when it changed meanwhile.
    /// </summary>
    Task SettleAsync(SyncRun before, SyncRun after, DirectoryChanges? with, CancellationToken ct);

    /// <summary>Open runs last active before <paramref name="cutoff"/> abandoned and their pages removed; how many.</summary>
    Task<int> AbandonExpiredAsync(DateTimeOffset cutoff, DateTimeOffset now, CancellationToken ct);

    /// <summary>
    /// The staged objects committed runs still have (the process stopped, or the database was busy, before
    /// <see cref="RemoveStagedAsync"/> ended) removed; how many runs had some.
    /// </summary>
    Task<int> RemoveLeftOverStagedAsync(CancellationToken ct);

    /// <summary>
    /// The run's staged objects after <paramref name="afterSequence"/>, in order, at most <paramref name="take"/>. Read
    /// outside any commit's transaction: a run's pages do not change once its commit has claimed it.
    /// </summary>
    Task<IReadOnlyList<StagedObject>> ReadStagedAsync(Guid runId, int afterSequence, int take, CancellationToken ct);

    /// <summary>A committed run's staged objects removed, some tens of thousands per transaction of its own.</summary>
    Task RemoveStagedAsync(Guid runId, CancellationToken ct);

    /// <summary>A commit's transaction: everything it writes is kept by <see cref="IRunCommit.CommitAsync"/> or by nothing.</summary>
    Task<IRunCommit> BeginCommitAsync(Guid tenantId, CancellationToken ct);
}

public static class SyncRunStoreExtensions
{
    /// <summary>The run of the tenant, or NotFound.</summary>
    public static async Task<SyncRun> GetExistingAsync(this ISyncRunStore runs, Guid tenantId, Guid runId, CancellationToken ct) =>
        await runs.FindAsync(tenantId, runId, ct) ?? throw new NotFoundException($"Sync run {runId}");

    /// <summary>
    /// A committed run's staged objects removed (<see cref="ISyncRunStore.RemoveStagedAsync"/>). The run is committed
    /// whatever happens here, so nothing that goes wrong — a busy database, a stop, a fault — reaches the commit's
    /// answer or stops the host's remover: it is logged, and what is left the expiry sweep removes.
    /// </summary>
    public static async Task RemoveCommittedStagedAsync(this ISyncRunStore runs, Guid runId, ILogger logger, CancellationToken ct)
    {
        try
        {
            await runs.RemoveStagedAsync(runId, ct);
        }
        catch (Exception e)
        {
            logger.LogWarning("Run {RunId} is committed; its staged pages are left for the expiry sweep to remove ({Reason})", runId, e.Message);
        }
    }
}

/// <summary>
/// One transaction in which a run is committed chunk by chunk: each chunk's loads see what the chunks before it wrote,
/// so the rules see the run's own earlier objects exactly as they see earlier objects of one batch. Disposed without
/// <see cref="CommitAsync"/>, nothing of it stays.
/// </summary>
public interface IRunCommit : IAsyncDisposable
{
    /// <summary>How many objects the tenant holds, and how many of them are synced (the deletion guard's base).</summary>
    Task<(int Objects, int Synced)> CountsAsync(CancellationToken ct);

    /// <summary>Claims the run from the version read (a page or commit racing it fails) and records its batch, counts to come.</summary>
    Task ClaimAsync(SyncRun run, SyncBatchRecord batch, CancellationToken ct);

    /// <summary>As <see cref="ISyncStore.LoadIntoAsync"/>, on this transaction: the objects holding the keys and their failures, into <paramref name="index"/>.</summary>
    Task LoadIntoAsync(DirectoryIndex index, BatchKeys keys, int tenantObjects, CancellationToken ct);

    /// <summary>The tenant's objects holding any of these normalized UPNs, this transaction's writes included: (id, normalized UPN).</summary>
    Task<IReadOnlyList<(Guid Id, string Upn)>> UpnHoldersAsync(IReadOnlyCollection<string> normalizedUpns, CancellationToken ct);

    /// <summary>Synced objects no object of the run names (deleted ones aside), by source anchor after <paramref name="afterAnchor"/>.</summary>
    Task<IReadOnlyList<KeyValuePair<string, SyncedAnchor>>> MissingAsync(Guid runId, string? afterAnchor, int take, CancellationToken ct);

    /// <summary>A chunk's changes, its results numbered from <paramref name="firstSequence"/> in the run's batch.</summary>
    Task WriteAsync(DirectoryChanges changes, Guid batchId, int firstSequence, CancellationToken ct);

    /// <summary>The run committed (its pages removed after, <see cref="ISyncRunStore.RemoveStagedAsync"/>), the batch's counts, and the last changes (reviews settled, audit).</summary>
    Task FinishAsync(SyncRun committed, SyncBatchRecord batch, DirectoryChanges last, CancellationToken ct);

    Task CommitAsync(CancellationToken ct);
}
