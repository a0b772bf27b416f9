using AdminPortal.SyncRules.Audit;
using AdminPortal.SyncRules.Directory;
using AdminPortal.SyncRules.History;

namespace AdminPortal.SyncRules.Sync;

/// <summary>
/// Everything one operation changes, written by the store in one transaction: all of it or none of it.
/// Modified objects carry the version they were loaded with; a store refuses them if somebody wrote first.
/// </summary>
public sealed class DirectoryChanges
{
    private readonly Dictionary<Guid, DirectoryObject> added = [];
    private readonly Dictionary<Guid, DirectoryObject> modified = [];
    private readonly HashSet<Guid> deleted = [];

    public IEnumerable<DirectoryObject> Added => added.Values;
    public IEnumerable<DirectoryObject> Modified => modified.Values;
    public IReadOnlyCollection<Guid> Deleted => deleted;
    public List<SyncFailure> FailuresUpserted { get; } = [];
    public List<ResolvedFailure> FailuresResolved { get; } = [];
    public List<MatchRecord> MatchRecords { get; } = [];
    public List<AuditEvent> AuditEvents { get; } = [];
    public List<Cloud.RoleAssignment> RoleAssignmentsAdded { get; } = [];
    public List<Guid> RoleAssignmentsRemoved { get; } = [];
    public SyncBatchRecord? Batch { get; set; }
    /// <summary>What the accidental-deletion guard says of a batch's deletions (null for other operations).</summary>
    public DeletionGuardVerdict? DeletionGuard { get; set; }
    public List<ObjectResult> Results { get; } = [];
    /// <summary>An export the deletion guard refused, kept for review (written instead of the batch).</summary>
    public Reviews.NewHeldExport? Held { get; set; }
    /// <summary>Held exports settled by this operation: allowed, discarded, or superseded by a newer export.</summary>
    public List<Reviews.HeldExportDecision> ReviewDecisions { get; } = [];

    public bool IsEmpty => added.Count == 0 && modified.Count == 0 && deleted.Count == 0 && FailuresUpserted.Count == 0
        && FailuresResolved.Count == 0 && MatchRecords.Count == 0 && AuditEvents.Count == 0 && RoleAssignmentsAdded.Count == 0 && RoleAssignmentsRemoved.Count == 0 && Batch is null
        && Held is null && ReviewDecisions.Count == 0;

    public void Add(DirectoryObject o) => added[o.Id] = o;

    /// <summary>Marks an object changed; one added by this same operation simply stays "added".</summary>
    public void Modify(DirectoryObject o)
    {
        if (!added.ContainsKey(o.Id)) modified[o.Id] = o;
    }

    public void Delete(Guid id)
    {
        if (added.Remove(id)) return;
        modified.Remove(id);
        deleted.Add(id);
    }
}
