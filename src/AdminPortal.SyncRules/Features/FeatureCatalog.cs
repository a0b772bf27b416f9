namespace AdminPortal.SyncRules.Features;

/// <summary>The whole catalogue of DirSync features (docs/domain.md, [FEAT][G]), with the defaults by tenant age.</summary>
public static class FeatureCatalog
{
    // Default cut-over dates (docs/domain.md): seed 003, seed 000 / [EXIST], [DAR] "late August 2016".
    public static readonly DateTimeOffset UpnSyncDefaultFrom = new(2015, 6, 16, 0, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset SoftMatchOnUpnDefaultFrom = new(2016, 3, 30, 0, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset ResiliencyDefaultFrom = new(2016, 8, 25, 0, 0, 0, TimeSpan.Zero);

    public static IReadOnlyList<FeatureDefinition> All { get; } =
    [
        new(DirSyncFeature.DuplicateUpnResiliency, "quarantineUponUpnConflictEnabled", "DuplicateUPNResiliency",
            FeatureKind.SettableOneWay,
            "A synced object whose UPN duplicates another object's is still created or updated, with the UPN quarantined and a placeholder UPN, instead of failing.",
            ResiliencyDefaultFrom),
        new(DirSyncFeature.DuplicateProxyAddressResiliency, "quarantineUponProxyAddressesConflictEnabled", "DuplicateProxyAddressResiliency",
            FeatureKind.SettableOneWay,
            "A synced object whose proxy address duplicates another object's is still created or updated, with that address quarantined, instead of failing.",
            ResiliencyDefaultFrom),
        new(DirSyncFeature.EnableSoftMatchOnUpn, "softMatchOnUpnEnabled", "EnableSoftMatchOnUpn",
            FeatureKind.SettableOneWay,
            "A new on-premises user that finds no cloud user by primary SMTP address may match an unsynced cloud user by UPN.",
            SoftMatchOnUpnDefaultFrom),
        new(DirSyncFeature.SynchronizeUpnForManagedUsers, "synchronizeUpnForManagedUsersEnabled", "SynchronizeUpnForManagedUsers",
            FeatureKind.SettableOneWay,
            "On-premises UPN changes flow to licensed users of managed domains (password hash sync or pass-through authentication).",
            UpnSyncDefaultFrom),
        new(DirSyncFeature.BlockSoftMatch, "blockSoftMatchEnabled", "BlockSoftMatch",
            FeatureKind.SettableReversible,
            "Stops soft matching altogether; new on-premises objects match only by source anchor. Microsoft advises it on, and off only while matching.",
            null),
        new(DirSyncFeature.BlockCloudObjectTakeoverThroughHardMatch, "blockCloudObjectTakeoverThroughHardMatchEnabled", "BlockCloudObjectTakeoverThroughHardMatch",
            FeatureKind.SettableReversible,
            "Refuses a hard match that would take over a cloud object that is not sync-enabled (error InvalidHardMatch).",
            null),
        // Graph v1.0 since 2026 (MC1262584, MC1263280): the one way past the hard-match hardening.
        new(DirSyncFeature.AllowOnPremUpdateOfOnPremisesObjectIdentifier, "allowOnPremUpdateOfOnPremisesObjectIdentifierEnabled",
            "AllowOnPremUpdateOfOnPremisesObjectIdentifier", FeatureKind.SettableReversible,
            "Lets a sync client move an already mapped object to a new source anchor (its onPremisesImmutableId): a soft match binds it even though it has one. " +
            "Meant to be on only briefly, during a validated migration or recovery; while it is off, an object's anchor never changes by sync.",
            null),
        new(DirSyncFeature.DeviceWriteback, "deviceWritebackEnabled", "DeviceWriteback", FeatureKind.SyncClientOnly,
            "Writes registered devices back to the on-premises directory.", null),
        new(DirSyncFeature.DirectoryExtensions, "directoryExtensionsEnabled", "DirectoryExtensions", FeatureKind.SyncClientOnly,
            "Synchronizes extension attributes from the on-premises directory.", null),
        new(DirSyncFeature.PasswordSync, "passwordSyncEnabled", "PasswordSync", FeatureKind.SyncClientOnly,
            "Password hash synchronization from the on-premises directory.", null),
        new(DirSyncFeature.UnifiedGroupWriteback, "unifiedGroupWritebackEnabled", "UnifiedGroupWriteback", FeatureKind.SyncClientOnly,
            "Writes Microsoft 365 groups back to the on-premises directory.", null),
        new(DirSyncFeature.UserWriteback, "userWritebackEnabled", "UserWriteback", FeatureKind.NotSettable,
            "Writes cloud users back to the on-premises directory.", null),
        new(DirSyncFeature.BypassDirSyncOverrides, "bypassDirSyncOverridesEnabled", "BypassDirSyncOverrides", FeatureKind.NotSettable,
            "Lets cloud changes to some synced phone and mobile attributes stand.", null),
        new(DirSyncFeature.CloudPasswordPolicyForPasswordSyncedUsers, "cloudPasswordPolicyForPasswordSyncedUsersEnabled", "CloudPasswordPolicyForPasswordSyncedUsers", FeatureKind.NotSettable,
            "Applies the cloud password expiry policy to password-hash-synced users.", null),
        new(DirSyncFeature.ConcurrentCredentialUpdate, "concurrentCredentialUpdateEnabled", "ConcurrentCredentialUpdate", FeatureKind.NotSettable,
            "Lets credential updates run concurrently.", null),
        new(DirSyncFeature.ConcurrentOrgIdProvisioning, "concurrentOrgIdProvisioningEnabled", "ConcurrentOrgIdProvisioning", FeatureKind.NotSettable,
            "Lets provisioning run concurrently.", null),
        new(DirSyncFeature.FopeConflictResolution, "fopeConflictResolutionEnabled", "FopeConflictResolution", FeatureKind.NotSettable,
            "Resolves conflicts for legacy Forefront Online Protection objects.", null),
        new(DirSyncFeature.GroupWriteBack, "groupWriteBackEnabled", "GroupWriteBack", FeatureKind.NotSettable,
            "Writes groups back to the on-premises directory.", null),
        new(DirSyncFeature.PasswordWriteback, "passwordWritebackEnabled", "PasswordWriteback", FeatureKind.NotSettable,
            "Writes password changes made in the cloud back on premises.", null),
        new(DirSyncFeature.UserForcePasswordChangeOnLogon, "userForcePasswordChangeOnLogonEnabled", "UserForcePasswordChangeOnLogon", FeatureKind.NotSettable,
            "Honours 'user must change password at next logon' from on premises.", null),
    ];

    private static readonly Dictionary<DirSyncFeature, FeatureDefinition> ByFeature = All.ToDictionary(f => f.Feature);
    private static readonly Dictionary<string, FeatureDefinition> ByAnyName =
        All.SelectMany(f => new[] { (f.GraphName, f), (f.LegacyName, f) })
           .ToDictionary(p => p.Item1, p => p.f, StringComparer.OrdinalIgnoreCase);

    public static FeatureDefinition Get(DirSyncFeature feature) => ByFeature[feature];

    /// <summary>Finds a feature by its Graph or legacy name, case-insensitively.</summary>
    public static FeatureDefinition? Find(string name) => ByAnyName.GetValueOrDefault(name);
}
