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

    /// <summary>
    /// The run moved from the version read to <paramref name="after"/>. The version is claimed first: on PostgreSQL a
    /// second writer of the run waits for this transaction and then finds no row at that version, and loses.
    /// </summary>
    public static async Task MoveAsync(BulkWriter w, SyncRun before, SyncRun after)
    {
        await w.IncrementIfAsync(new SyncRunRow { Id = before.Id, Version = before.Version }, nameof(SyncRunRow.Version), nameof(SyncRunRow.Id),
            $"Sync run {before.Id} was changed meanwhile (another page or a commit); read it again.");
        await w.UpdateAsync(RowMapper.ToRow(after), [nameof(SyncRunRow.Id)], Moved);
        if (after.Status is SyncRunStatus.Committed or SyncRunStatus.Abandoned) await RemoveStagedAsync(w, after.Id);
    }

    /// <summary>A run abandoned with the held export it was kept for (discarded, superseded): its pages go.</summary>
    public static async Task AbandonAsync(BulkWriter w, Guid runId, DateTimeOffset when)
    {
        await w.UpdateAsync(new SyncRunRow { Id = runId, Status = (int)SyncRunStatus.Abandoned, LastActivityDateTime = when },
            [nameof(SyncRunRow.Id)], [nameof(SyncRunRow.Status), nameof(SyncRunRow.LastActivityDateTime)]);
        await RemoveStagedAsync(w, runId);
    }

    public static Task RemoveStagedAsync(BulkWriter w, Guid runId) =>
        w.DeleteAsync(new StagedObjectRow { RunId = runId }, nameof(StagedObjectRow.RunId));
}
