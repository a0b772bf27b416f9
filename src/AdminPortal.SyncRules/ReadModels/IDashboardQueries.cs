using AdminPortal.SyncRules.Directory;
using AdminPortal.SyncRules.Sync;

namespace AdminPortal.SyncRules.ReadModels;

/// <summary>A tenant's health at a glance. Implemented by AdminPortal.Data.</summary>
public interface IDashboardQueries
{
    Task<TenantHealth> HealthAsync(Guid tenantId, CancellationToken ct);
}

/// <summary>A tenant's sync health at a glance.</summary>
public sealed record TenantHealth(int OpenConflicts, IReadOnlyDictionary<(ConflictProperty, ObjectType), int> ConflictsByKind,
    int FailedObjects, IReadOnlyList<(string Code, int Count)> FailuresByCode, int SyncedObjects, int CloudOnlyObjects,
    IReadOnlyList<SyncBatchRecord> RecentBatches, IReadOnlyList<(DateOnly Day, int Count)> OpenConflictsByDay);
