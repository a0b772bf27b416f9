using AdminPortal.SyncRules.Directory;
using AdminPortal.SyncRules.Features;
using AdminPortal.SyncRules.History;
using AdminPortal.SyncRules.Matching;
using AdminPortal.SyncRules.Tenants;

namespace AdminPortal.SyncRules.Sync;

/// <summary>Refused because the batch would delete more than the tenant's accidental-deletion threshold allows.</summary>
public sealed class DeletionThresholdExceededException(int deletes, AccidentalDeletionPrevention prevention, Guid? heldExportId = null)
    : DomainException("DeletionThresholdExceeded",
        $"The batch would delete {deletes} objects, over the accidental-deletion threshold " +
        $"({prevention.AlertThreshold}{(prevention.Type == DeletionPreventionType.EnabledForPercentage ? "%" : " objects")}); nothing was applied." +
        (heldExportId is { } id ? $" It is kept for review as held export {id}: an admin can allow it once or discard it." : ""), RefusalKind.Conflict)
{
    public int Deletes { get; } = deletes;
    /// <summary>The held export kept for review, when the service kept it.</summary>
    public Guid? HeldExportId { get; } = heldExportId;
}

/// <summary>
/// Applies one validated batch to an in-memory view of the directory and returns every change to store.
/// Pure: no I/O, no clock of its own beyond the time passed in; the caller stores the result atomically.
/// </summary>
public sealed class SyncEngine(AttributeApplier applier, IEnumerable<IMatchRule> rules)
{
    private readonly IReadOnlyList<IMatchRule> rules = rules.ToList();

    public static SyncEngine CreateDefault(Uniqueness.IRandomDigits digits) =>
        new(new AttributeApplier(digits), [new HardMatchRule(), new SoftMatchSmtpRule(), new SoftMatchUpnRule()]);

    /// <summary>
    /// A batch's end, once every object of it is decided: a full batch deletes the synced objects it left out (those not
    /// <paramref name="present"/>), the deletion guard gives its verdict, and the batch's record its counts.
    /// </summary>
    public static void Conclude(Tenant tenant, DirectoryIndex index, SyncMode mode, IReadOnlySet<string>? present, int objectCount, Guid batchId,
        string actor, DateTimeOffset now, DirectoryChanges changes)
    {
        if (mode == SyncMode.Full) DeleteMissing(Missing(index, present!, changes), changes);
        changes.DeletionGuard = Guard(tenant, changes.Deleted.Count, index.SyncedObjectCount);
        changes.Batch = new SyncBatchRecord(batchId, tenant.Id, mode, now, actor, objectCount, OutcomeCounts.Of(changes.Results));
    }

    /// <summary>The source anchors a full batch names as present, added to <paramref name="present"/> (a deletion names one as gone).</summary>
    public static void AddPresent(IEnumerable<ExportedObject> objects, HashSet<string> present)
    {
        foreach (var o in objects)
            if (!o.IsDeleted) present.Add(o.SourceAnchor);
    }

    /// <summary>
    /// Objects decided one after the other against the index, each seeing what the ones before it did; their results
    /// and changes added to <paramref name="changes"/>. A run commits its pages chunk by chunk through this.
    /// </summary>
    public void DecideObjects(Tenant tenant, DirectoryIndex index, IEnumerable<ExportedObject> objects, Guid batchId, DateTimeOffset now, DirectoryChanges changes)
    {
        var featureMask = tenant.Features.EnabledMask;
        foreach (var incoming in objects)
        {
            var result = index.ByImmutableId(incoming.SourceAnchor) is { IsCloudManaged: true } cloudManaged
                ? NotApplied(tenant, index, cloudManaged, incoming, changes, batchId, featureMask, now)
                : incoming.IsDeleted
                    ? Delete(index, incoming, changes, now)
                    : Upsert(tenant, index, incoming, changes, batchId, featureMask, now);
            changes.Results.Add(result);
        }
    }

    /// <summary>The accidental-deletion guard's verdict on an export's deletions, beside it rather than enforced.</summary>
    public static DeletionGuardVerdict Guard(Tenant tenant, int deletes, int syncedObjects) =>
        new(deletes, syncedObjects, tenant.DeletionPrevention, deletes > 0 && tenant.DeletionPrevention.Blocks(deletes, syncedObjects));

    private ObjectResult Upsert(Tenant tenant, DirectoryIndex index, ExportedObject incoming, DirectoryChanges changes,
        Guid batchId, long featureMask, DateTimeOffset now)
    {
        var bound = index.ByImmutableId(incoming.SourceAnchor);
        if (bound is { SyncEnabled: true }) return Update(tenant, index, bound, incoming, changes, batchId, now);

        // New to the cloud: a matching decision, recorded whatever it concludes.
        var context = new MatchContext(tenant, index, incoming);
        var steps = new List<MatchStep>();
        DirectoryObject? match = null;
        MatchRule? matchedBy = null;
        foreach (var rule in rules)
        {
            var verdict = rule.Evaluate(context);
            steps.Add(verdict.Step);
            if (verdict.Refusal is { } refusal)
            {
                Record(changes, tenant, batchId, null, incoming, now, MatchOutcome.Failed, null, refusal.Code, refusal.Message, steps, featureMask);
                return Fail(incoming, null, refusal, changes, index, batchId, now);
            }
            if (verdict.Match is not null) { match = verdict.Match; matchedBy = rule.Rule; break; }
        }

        // Time-ordered ids keep index inserts at the end of the B-tree instead of scattered through it.
        var target = match ?? new DirectoryObject(Guid.CreateVersion7(), tenant.Id, incoming.Type, incoming.DisplayName, now);
        var movedFrom = match?.ImmutableId is { } previous && previous != incoming.SourceAnchor ? previous : null;
        if (match is not null) index.Detach(match);
        var applied = applier.Apply(tenant, index, target, incoming, existing: match is not null, now);
        if (applied.Error is { } error)
        {
            if (match is not null) index.Attach(match);
            Record(changes, tenant, batchId, match?.Id, incoming, now, MatchOutcome.Failed, matchedBy, error.Code,
                error.Message, steps, featureMask);
            return Fail(incoming, match?.Id, error, changes, index, batchId, now);
        }
        index.Attach(target);
        if (match is null) changes.Add(target); else changes.Modify(target);
        // Only while AllowOnPremUpdateOfOnPremisesObjectIdentifier is on does a match move a mapped object: audited as an admin's change of it is.
        if (movedFrom is not null)
            changes.AuditEvents.Add(Audit.AuditEvent.Create(tenant.Id, $"sync client (batch {batchId})", "object.immutableIdChanged",
                $"{target.Type.ToString().ToLowerInvariant()}/{target.Id}", new { onPremisesImmutableId = movedFrom }, new { onPremisesImmutableId = target.ImmutableId }, now));
        ResolveFailure(index, incoming, changes, now);
        Record(changes, tenant, batchId, target.Id, incoming, now,
            match is null ? MatchOutcome.Provisioned : MatchOutcome.Matched, matchedBy, null,
            match is null ? "No rule matched; a new cloud object was provisioned." : $"Bound to the existing cloud object by {matchedBy}.",
            steps, featureMask);
        return new ObjectResult(incoming.Index, incoming.SourceAnchor, incoming.Type, target.Id,
            match is null ? ObjectOutcome.Created : ObjectOutcome.Matched, matchedBy, [], applied.Quarantined, applied.Warnings);
    }

    private ObjectResult Update(Tenant tenant, DirectoryIndex index, DirectoryObject bound, ExportedObject incoming,
        DirectoryChanges changes, Guid batchId, DateTimeOffset now)
    {
        if (bound.Type != incoming.Type)
        {
            var mismatch = new SyncError(SyncErrorCodes.ObjectTypeMismatch, null, null,
                $"Source anchor '{incoming.SourceAnchor}' is bound to a {bound.Type.ToString().ToLowerInvariant()}; the export says {incoming.Type.ToString().ToLowerInvariant()}.");
            return Fail(incoming, bound.Id, mismatch, changes, index, batchId, now);
        }
        if (bound.SourceHash == incoming.ComputeSourceHash() && index.FailureFor(incoming.SourceAnchor) is null)
            return new ObjectResult(incoming.Index, incoming.SourceAnchor, incoming.Type, bound.Id, ObjectOutcome.Unchanged, null, [],
                Notices(bound), []);

        index.Detach(bound);
        var working = bound.Clone();
        var applied = applier.Apply(tenant, index, working, incoming, existing: true, now);
        if (applied.Error is { } error)
        {
            index.Attach(bound);
            return Fail(incoming, bound.Id, error, changes, index, batchId, now);
        }
        index.Attach(working);
        changes.Modify(working);
        ResolveFailure(index, incoming, changes, now);
        return new ObjectResult(incoming.Index, incoming.SourceAnchor, incoming.Type, working.Id, ObjectOutcome.Updated, null, [],
            applied.Quarantined, applied.Warnings);
    }

    /// <summary>Why an export of a cloud-managed object changes nothing, in its result and its match history.</summary>
    public const string CloudManagedWarning =
        "The object is cloud-managed (onPremisesSyncBehavior.isCloudManaged): the sync client's changes to it are not applied until an admin returns authority to the sync client.";

    /// <summary>
    /// An export (or deletion) of an object whose source of authority is the cloud: nothing of it applies. Its match
    /// history records it once per distinct export, not at every full sync that repeats it.
    /// </summary>
    private static ObjectResult NotApplied(Tenant tenant, DirectoryIndex index, DirectoryObject bound, ExportedObject incoming, DirectoryChanges changes,
        Guid batchId, long featureMask, DateTimeOffset now)
    {
        var working = bound.Clone();
        if (incoming.IsDeleted || working.NoteExportNotApplied(incoming))
        {
            if (!incoming.IsDeleted)
            {
                index.Detach(bound);
                index.Attach(working);
                changes.Modify(working);
            }
            Record(changes, tenant, batchId, bound.Id, incoming, now, MatchOutcome.NotApplied, null, "CloudManaged",
                (incoming.IsDeleted ? "Deletion not applied. " : "Export not applied. ") + CloudManagedWarning, [], featureMask);
        }
        return new ObjectResult(incoming.Index, incoming.SourceAnchor, incoming.Type, bound.Id, ObjectOutcome.Unchanged, null, [], [], [CloudManagedWarning]);
    }

    private static ObjectResult Delete(DirectoryIndex index, ExportedObject incoming, DirectoryChanges changes, DateTimeOffset now)
    {
        ResolveFailure(index, incoming, changes, now);
        var bound = index.ByImmutableId(incoming.SourceAnchor);
        if (bound is not { SyncEnabled: true })
            return new ObjectResult(incoming.Index, incoming.SourceAnchor, incoming.Type, null, ObjectOutcome.Unchanged, null, [], [],
                ["No synced object has this source anchor; nothing to delete."]);
        index.Detach(bound);
        changes.Delete(bound.Id);
        return new ObjectResult(incoming.Index, incoming.SourceAnchor, bound.Type, bound.Id, ObjectOutcome.Deleted, null, [], [], []);
    }

    /// <summary>The synced objects a full batch leaves out (and did not delete itself).</summary>
    private static IEnumerable<KeyValuePair<string, SyncedAnchor>> Missing(DirectoryIndex index, IReadOnlySet<string> present, DirectoryChanges changes)
    {
        // An object this batch moved to a new anchor (AllowOnPremUpdateOfOnPremisesObjectIdentifier) is present under that one.
        var moved = changes.Modified.Where(o => o.ImmutableId is not null).ToDictionary(o => o.Id, o => o.ImmutableId!);
        return (index.AllSyncedAnchors ?? new Dictionary<string, SyncedAnchor>())
            .Where(a => !present.Contains(a.Key) && !changes.Deleted.Contains(a.Value.Id)
                        && !(moved.TryGetValue(a.Value.Id, out var now) && now != a.Key)).ToList();
    }

    /// <summary>A full sync is the whole on-premises scope: the synced objects it left out are deleted.</summary>
    public static void DeleteMissing(IEnumerable<KeyValuePair<string, SyncedAnchor>> missing, DirectoryChanges changes)
    {
        // Decided last: no rule reads the index after these, so they are not detached from it.
        foreach (var (anchor, synced) in missing)
        {
            changes.Delete(synced.Id);
            changes.Results.Add(new ObjectResult(-1, anchor, synced.Type, synced.Id, ObjectOutcome.Deleted, null, [], [],
                ["Not in the full export; deleted."]));
        }
    }

    private static ObjectResult Fail(ExportedObject incoming, Guid? objectId, SyncError error, DirectoryChanges changes,
        DirectoryIndex index, Guid batchId, DateTimeOffset now)
    {
        var previous = index.FailureFor(incoming.SourceAnchor);
        changes.FailuresUpserted.Add(new SyncFailure(incoming.SourceAnchor, incoming.Type, objectId, incoming.DisplayName, error.Code,
            Enum.TryParse<ConflictProperty>(error.PropertyCausingError, out var p) ? p : null, error.Value, error.Message,
            previous?.FirstFailedDateTime ?? now, now, (previous?.Attempts ?? 0) + 1, batchId));
        return new ObjectResult(incoming.Index, incoming.SourceAnchor, incoming.Type, objectId, ObjectOutcome.Failed, null, [error], [], []);
    }

    /// <summary>The object's earlier failure is resolved: kept, marked so (Graph's serviceProvisioningErrors show it resolved).</summary>
    private static void ResolveFailure(DirectoryIndex index, ExportedObject incoming, DirectoryChanges changes, DateTimeOffset now)
    {
        if (index.FailureFor(incoming.SourceAnchor) is not null) changes.FailuresResolved.Add(new ResolvedFailure(incoming.SourceAnchor, now));
    }

    private static IReadOnlyList<QuarantineNotice> Notices(DirectoryObject o) =>
        o.Quarantine.Count == 0 ? [] : o.Quarantine.Select(q => new QuarantineNotice(q.Property.ToString(), q.Value, q.Placeholder)).ToList();

    private static void Record(DirectoryChanges changes, Tenant tenant, Guid batchId, Guid? objectId, ExportedObject incoming,
        DateTimeOffset now, MatchOutcome outcome, MatchRule? matchedBy, string? errorCode, string reason, List<MatchStep> steps, long features) =>
        changes.MatchRecords.Add(new MatchRecord(Guid.CreateVersion7(), tenant.Id, batchId, objectId, incoming.SourceAnchor, incoming.Type,
            incoming.DisplayName, now, outcome, matchedBy, errorCode, reason, SharedSteps.Intern(steps), features));
}

/// <summary>
/// Most objects of a big batch are provisioned after the same three candidate-free steps; they share one array
/// instead of a list each (a million-object sync would otherwise hold a million identical lists).
/// </summary>
internal static class SharedSteps
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(MatchStep, MatchStep, MatchStep), MatchStep[]> Cache = new();

    public static IReadOnlyList<MatchStep> Intern(List<MatchStep> steps) =>
        steps.Count == 3 && steps.TrueForAll(s => s.Candidates.Count == 0)
            ? Cache.GetOrAdd((steps[0], steps[1], steps[2]), k => [k.Item1, k.Item2, k.Item3])
            : steps;
}
