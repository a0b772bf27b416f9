using AdminPortal.Data.Rows;

namespace AdminPortal.Data.Queries;

/// <summary>Which failures still stand: one rule for the engine's index, the dashboard, the previews and Graph's filter.</summary>
public static class SyncFailureRows
{
    /// <summary>The failures of objects whose export still does not apply.</summary>
    public static IQueryable<SyncFailureRow> Unresolved(this IQueryable<SyncFailureRow> rows) => rows.Where(f => f.ResolvedDateTime == null);

    /// <summary>The failures an export later resolved.</summary>
    public static IQueryable<SyncFailureRow> Resolved(this IQueryable<SyncFailureRow> rows) => rows.Where(f => f.ResolvedDateTime != null);
}
