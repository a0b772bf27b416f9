namespace AdminPortal.SyncRules.Features;

/// <summary>What the catalogue knows about one feature: its names, its kind, what it does, when it is on by default.</summary>
public sealed record FeatureDefinition(
    DirSyncFeature Feature,
    string GraphName,
    string LegacyName,
    FeatureKind Kind,
    string Description,
    DateTimeOffset? OnByDefaultForTenantsCreatedFrom)
{
    public bool IsAdminSettable => Kind is FeatureKind.SettableOneWay or FeatureKind.SettableReversible;

    public bool IsOnByDefault(DateTimeOffset tenantCreated) =>
        OnByDefaultForTenantsCreatedFrom is { } from && tenantCreated >= from;

    /// <summary>Why an admin cannot change it, or null when they can.</summary>
    public string? ReadOnlyReason => Kind switch
    {
        FeatureKind.SyncClientOnly => "Set by the on-premises sync client when it is configured; admins cannot change it here.",
        FeatureKind.NotSettable => LegacyName == "UserWriteback"
            ? "Not currently supported by the directory service."
            : "Managed by the directory service; not settable through the sync features.",
        _ => null,
    };
}
