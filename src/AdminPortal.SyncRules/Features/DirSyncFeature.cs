namespace AdminPortal.SyncRules.Features;

/// <summary>Every DirSync feature a tenant carries. Values are stable: they are stored and used as bit positions.</summary>
public enum DirSyncFeature
{
    DuplicateUpnResiliency = 0,
    DuplicateProxyAddressResiliency = 1,
    EnableSoftMatchOnUpn = 2,
    SynchronizeUpnForManagedUsers = 3,
    BlockSoftMatch = 4,
    BlockCloudObjectTakeoverThroughHardMatch = 5,
    DeviceWriteback = 6,
    DirectoryExtensions = 7,
    PasswordSync = 8,
    UnifiedGroupWriteback = 9,
    UserWriteback = 10,
    BypassDirSyncOverrides = 11,
    CloudPasswordPolicyForPasswordSyncedUsers = 12,
    ConcurrentCredentialUpdate = 13,
    ConcurrentOrgIdProvisioning = 14,
    FopeConflictResolution = 15,
    GroupWriteBack = 16,
    PasswordWriteback = 17,
    UserForcePasswordChangeOnLogon = 18,
    AllowOnPremUpdateOfOnPremisesObjectIdentifier = 19,
}

/// <summary>Who may change a feature, and whether it can go back.</summary>
public enum FeatureKind
{
    /// <summary>An admin may enable it; once on it can never be turned off.</summary>
    SettableOneWay,
    /// <summary>An admin may turn it on and off.</summary>
    SettableReversible,
    /// <summary>Only the on-premises sync client sets it; admins read it.</summary>
    SyncClientOnly,
    /// <summary>Shown for completeness; not settable through this product.</summary>
    NotSettable,
}
