using AdminPortal.SyncRules.Conflicts;
using AdminPortal.SyncRules.Directory;
using AdminPortal.SyncRules.Features;
using AdminPortal.SyncRules.History;
using AdminPortal.SyncRules.Sync;

namespace AdminPortal.SyncRules.ReadModels;

/// <summary>Quarantined values and match history, for the scripts' API and the portal's pages. Implemented by AdminPortal.Data.</summary>
public interface IConflictQueries
{
    Task<ConflictPage> ListAsync(Guid tenantId, ConflictFilter filter, int top, string? cursor, CancellationToken ct);
    /// <summary>One quarantined value with both objects in full, for the side-by-side view.</summary>
    Task<(ConflictEntry Conflict, DirectoryObject Quarantined, DirectoryObject? Holder)> GetAsync(Guid tenantId, Guid objectId,
        ConflictProperty property, string value, CancellationToken ct);
    Task<(int Total, IReadOnlyDictionary<(ConflictProperty, ObjectType), int> ByKind)> CountAsync(Guid tenantId, CancellationToken ct);
    Task<IReadOnlyList<MatchHistoryEntry>> MatchHistoryAsync(Guid tenantId, Guid objectId, CancellationToken ct);
    Task<KeysetPage<MatchHistoryEntry>> MatchDecisionsAsync(Guid tenantId, MatchRule? rule, MatchOutcome? outcome,
        DateTimeOffset? from, DateTimeOffset? to, int top, Guid? before, CancellationToken ct);
}

public enum ConflictOrder { OccurredDateTime, Value }

public sealed record ConflictFilter(ConflictProperty? Property = null, ObjectType? ObjectType = null, string? Search = null,
    ConflictOrder OrderBy = ConflictOrder.OccurredDateTime, bool Descending = false, ConflictStatus? Status = null,
    DateTimeOffset? QuarantinedFrom = null, DateTimeOffset? QuarantinedUntil = null);

/// <summary>One side of a conflict: enough to name and link the object.</summary>
public sealed record ObjectRef(Guid Id, ObjectType Type, string DisplayName, string? UserPrincipalName, bool SyncEnabled, string? ImmutableId);

/// <summary>A quarantined value, the object that wants it, and the object holding it now (null: free, fix-up will restore it).</summary>
public sealed record ConflictEntry(ConflictProperty Property, string Value, string? Placeholder, DateTimeOffset OccurredDateTime,
    ObjectRef Quarantined, ObjectRef? Holder, string? FixAtSourceNote = null, string? NotedBy = null)
{
    /// <summary>Where the conflict stands (<see cref="ConflictRules.StatusRule"/>): from who holds the value now, and any note.</summary>
    public ConflictStatus Status => ConflictRules.StatusOf(new ConflictFacts { HolderSynced = Holder?.SyncEnabled, Noted = FixAtSourceNote is not null });
}

public sealed record ConflictPage(IReadOnlyList<ConflictEntry> Items, string? NextCursor);

/// <summary>A match record with the names of the features in force.</summary>
public sealed record MatchHistoryEntry(MatchRecord Record, IReadOnlyList<string> FeaturesInForce)
{
    /// <summary>A decision with the features in force by their Graph names.</summary>
    public static MatchHistoryEntry Of(MatchRecord record) =>
        new(record, FeatureSet.FromMask(record.FeaturesInForce).Select(f => FeatureCatalog.Get(f).GraphName).ToList());
}
