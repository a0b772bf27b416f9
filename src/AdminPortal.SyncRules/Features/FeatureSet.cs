namespace AdminPortal.SyncRules.Features;

/// <summary>
/// A tenant's DirSync features. The invariants live here: one-way features can only go on, sync-client
/// features change only at the sync client's hand, and every change says who made it.
/// </summary>
public sealed class FeatureSet
{
    private readonly Dictionary<DirSyncFeature, FeatureState> states;

    private FeatureSet(IEnumerable<FeatureState> states) =>
        this.states = states.ToDictionary(s => s.Feature);

    /// <summary>The defaults for a tenant created at the given time.</summary>
    public static FeatureSet DefaultsFor(DateTimeOffset tenantCreated) =>
        new(FeatureCatalog.All.Select(d => new FeatureState(d.Feature, d.IsOnByDefault(tenantCreated), null, null)));

    /// <summary>Rebuilds a stored set; features missing from storage take the tenant's defaults.</summary>
    public static FeatureSet Restore(DateTimeOffset tenantCreated, IEnumerable<FeatureState> stored)
    {
        var set = DefaultsFor(tenantCreated);
        foreach (var s in stored) set.states[s.Feature] = s;
        return set;
    }

    public IReadOnlyList<FeatureState> States => FeatureCatalog.All.Select(d => states[d.Feature]).ToList();

    public bool IsEnabled(DirSyncFeature feature) => states[feature].Enabled;

    public FeatureState this[DirSyncFeature feature] => states[feature];

    /// <summary>The enabled features as a bit mask (bit = enum value); what a match record stores as "features in force".</summary>
    public long EnabledMask => states.Values.Where(s => s.Enabled).Aggregate(0L, (m, s) => m | 1L << (int)s.Feature);

    public static IReadOnlyList<DirSyncFeature> FromMask(long mask) =>
        FeatureCatalog.All.Select(d => d.Feature).Where(f => (mask & 1L << (int)f) != 0).ToList();

    /// <summary>An admin sets a feature. Returns the change, or null when it already had that state.</summary>
    public FeatureChange? SetByAdmin(DirSyncFeature feature, bool enabled, string actor, DateTimeOffset now)
    {
        EnsureAdminMay(feature, enabled);
        var current = states[feature];
        return current.Enabled == enabled ? null : Apply(current, enabled, actor, now);
    }

    /// <summary>Throws when an admin may not put the feature in that state; does nothing when it already is.</summary>
    public void EnsureAdminMay(DirSyncFeature feature, bool enabled)
    {
        var definition = FeatureCatalog.Get(feature);
        if (states[feature].Enabled == enabled) return;
        switch (definition.Kind)
        {
            case FeatureKind.SettableOneWay when !enabled:
                throw new DomainException("OneWayFeature",
                    $"{definition.GraphName} ({definition.LegacyName}) cannot be disabled: once enabled, it stays enabled.");
            case FeatureKind.SyncClientOnly:
                throw new DomainException("SyncClientFeature",
                    $"{definition.GraphName} ({definition.LegacyName}) is set only by the on-premises sync client.");
            case FeatureKind.NotSettable:
                throw new DomainException("FeatureNotSettable",
                    $"{definition.GraphName} ({definition.LegacyName}) cannot be changed: {definition.ReadOnlyReason}");
        }
    }

    /// <summary>Throws unless the feature is one the on-premises sync client owns.</summary>
    public void EnsureSyncClientMay(DirSyncFeature feature)
    {
        var definition = FeatureCatalog.Get(feature);
        if (definition.Kind != FeatureKind.SyncClientOnly)
            throw new DomainException("NotASyncClientFeature", $"{definition.GraphName} ({definition.LegacyName}) is not set by the sync client; " +
                $"it reports only {string.Join(", ", FeatureCatalog.All.Where(d => d.Kind == FeatureKind.SyncClientOnly).Select(d => d.GraphName))}.");
    }

    /// <summary>The on-premises sync client reports one of the features it owns.</summary>
    public FeatureChange? SetBySyncClient(DirSyncFeature feature, bool enabled, string actor, DateTimeOffset now)
    {
        EnsureSyncClientMay(feature);
        var current = states[feature];
        return current.Enabled == enabled ? null : Apply(current, enabled, actor, now);
    }

    private FeatureChange Apply(FeatureState current, bool enabled, string actor, DateTimeOffset now)
    {
        var next = current with { Enabled = enabled, ChangedBy = actor, ChangedAt = now };
        states[current.Feature] = next;
        return new FeatureChange(current, next);
    }
}

public sealed record FeatureChange(FeatureState Before, FeatureState After);
