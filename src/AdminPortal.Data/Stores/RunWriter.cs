using AdminPortal.Data.Rows;
using AdminPortal.SyncRules.Sync;

namespace AdminPortal.Data.Stores;

/// <summary>The writes of a sync run's row and staged pages, inside a caller's transaction.</summary>
internal static class RunWriter
{
    private static readonly string[] Moved =
    [
        nameof(SyncRunRow.Status), nameof(SyncRunRow.LastActivityDateTime), nameof(SyncRunRow.Pages), nameof(SyncRunRow.ObjectCount),
    ];

    /// <summary>The run moved from the version read to <paramref name="after"/>: claimed, then set.</summary>
    public static async Task MoveAsync(BulkWriter w, SyncRun before, SyncRun after)
    {
        await ClaimAsync(w, before);
        await SetAsync(w, after);
    }

    /// <summary>
    /// Claims the run at the version read. On PostgreSQL a second writer of the run waits for this transaction, then
    /// finds no row at that version and loses (<see cref="SyncRules.ConcurrentChangeException"/>).
    /// </summary>
    public static Task ClaimAsync(BulkWriter w, SyncRun run) =>
        w.IncrementIfAsync(new SyncRunRow { Id = run.Id, Version = run.Version }, nameof(SyncRunRow.Version), nameof(SyncRunRow.Id),
            $"Sync run {run.Id} was changed meanwhile (a page arrived, or a commit or the sweep got there first); read it again.");

    /// <summary>
    /// The claimed run's state as <paramref name="after"/> says; an abandoned run's pages go with it. A committed run's
    /// go after its commit (<see cref="SyncRunStore.RemoveStagedAsync"/>): in the commit's transaction, a run of millions
    /// would make the one transaction that must be whole larger by all of them.
    /// </summary>
    public static async Task SetAsync(BulkWriter w, SyncRun after)
    {
        await w.UpdateAsync(RowMapper.ToRow(after), [nameof(SyncRunRow.Id)], Moved);
        if (after.Status is SyncRunStatus.Abandoned) await RemoveStagedAsync(w, after.Id);
    }

    /// <summary>A run abandoned with the held export it was kept for (discarded, superseded): its pages go.</summary>
    public static async Task AbandonAsync(BulkWriter w, Guid runId, DateTimeOffset when)
    {
        await w.UpdateAsync(new SyncRunRow { Id = runId, Status = (int)SyncRunStatus.Abandoned, LastActivityDateTime = when },
            [nameof(SyncRunRow.Id)], [nameof(SyncRunRow.Status), nameof(SyncRunRow.LastActivityDateTime)]);
        await RemoveStagedAsync(w, runId);
    }

    private static Task RemoveStagedAsync(BulkWriter w, Guid runId) =>
        w.DeleteAsync(new StagedObjectRow { RunId = runId }, nameof(StagedObjectRow.RunId));
}
