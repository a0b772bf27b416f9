namespace AdminPortal.SyncRules.Features;

/// <summary>One feature's state in one tenant, with who last changed it and when (null: the tenant's default).</summary>
public sealed record FeatureState(DirSyncFeature Feature, bool Enabled, string? ChangedBy, DateTimeOffset? ChangedAt)
{
    public FeatureDefinition Definition => FeatureCatalog.Get(Feature);
}
