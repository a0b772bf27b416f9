namespace AdminPortal.Data.Rows;

// Persistence rows: plain, provider-neutral shapes of the tables. The domain types stay free of storage concerns;
// RowMapper translates. Normalized columns exist so that uniqueness and lookups are index seeks.

public sealed class TenantRow
{
    public Guid Id { get; set; }
    public string DisplayName { get; set; } = "";
    public string InitialDomain { get; set; } = "";
    public DateTimeOffset CreatedDateTime { get; set; }
    public int DeletionPreventionType { get; set; }
    public int DeletionThreshold { get; set; }
    public bool FederatedDomainChangeAllowed { get; set; }
    public List<VerifiedDomainRow> Domains { get; set; } = [];
    public List<FeatureStateRow> Features { get; set; } = [];
}

public sealed class VerifiedDomainRow
{
    public Guid TenantId { get; set; }
    public string Name { get; set; } = "";
    public int Authentication { get; set; }
}

public sealed class FeatureStateRow
{
    public Guid TenantId { get; set; }
    public int Feature { get; set; }
    public bool Enabled { get; set; }
    public string? ChangedBy { get; set; }
    public DateTimeOffset? ChangedAt { get; set; }
}

public sealed class DirectoryObjectRow
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public int ObjectType { get; set; }
    public string DisplayName { get; set; } = "";
    public string? UserPrincipalName { get; set; }
    public string? UpnNormalized { get; set; }
    public string? MailNickname { get; set; }
    public string? OnPremisesUserPrincipalName { get; set; }
    public string? Mail { get; set; }
    public bool MailEnabled { get; set; }
    public string? ImmutableId { get; set; }
    public bool SyncEnabled { get; set; }
    public bool IsCloudManaged { get; set; }
    public DateTimeOffset? LastSyncDateTime { get; set; }
    public string? DistinguishedName { get; set; }
    public string? SourceHash { get; set; }
    public int Version { get; set; }
    public DateTimeOffset CreatedDateTime { get; set; }
    public List<ProxyAddressRow> ProxyAddresses { get; set; } = [];
    public List<QuarantineRow> Quarantine { get; set; } = [];
    public List<LicenseRow> Licenses { get; set; } = [];
    public List<RoleAssignmentRow> RoleAssignments { get; set; } = [];
}

public sealed class ProxyAddressRow
{
    public Guid TenantId { get; set; }
    public string Normalized { get; set; } = "";
    public Guid ObjectId { get; set; }
    public string Value { get; set; } = "";
    public bool IsPrimary { get; set; }
}

public sealed class QuarantineRow
{
    public Guid ObjectId { get; set; }
    public int Property { get; set; }
    public string NormalizedValue { get; set; } = "";
    public Guid TenantId { get; set; }
    /// <summary>The quarantined object's type, kept here so counters and filters need no join (migration 0005).</summary>
    public int ObjectType { get; set; }
    public string Value { get; set; } = "";
    public string? Placeholder { get; set; }
    public DateTimeOffset OccurredDateTime { get; set; }
    public string? FixAtSourceNote { get; set; }
    public string? NotedBy { get; set; }
}

public sealed class LicenseRow
{
    public Guid ObjectId { get; set; }
    public Guid SkuId { get; set; }
}

public sealed class RoleAssignmentRow
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid PrincipalId { get; set; }
    public string RoleDefinitionId { get; set; } = "";
    public string DirectoryScopeId { get; set; } = "/";
}

public sealed class SyncFailureRow
{
    public Guid TenantId { get; set; }
    public string SourceAnchor { get; set; } = "";
    public int ObjectType { get; set; }
    public Guid? ObjectId { get; set; }
    public string DisplayName { get; set; } = "";
    public string ErrorCode { get; set; } = "";
    public int? Property { get; set; }
    public string? Value { get; set; }
    public string Message { get; set; } = "";
    public DateTimeOffset FirstFailedDateTime { get; set; }
    public DateTimeOffset LastAttemptDateTime { get; set; }
    public int Attempts { get; set; }
    public Guid BatchId { get; set; }
    /// <summary>Set when the object's next export applied; null while it fails (<see cref="Queries.SyncFailureRows.Unresolved"/>).</summary>
    public DateTimeOffset? ResolvedDateTime { get; set; }
}

public sealed class SyncBatchRow
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public int Mode { get; set; }
    public DateTimeOffset ReceivedDateTime { get; set; }
    public string Actor { get; set; } = "";
    public int ObjectCount { get; set; }
    public int Created { get; set; }
    public int Matched { get; set; }
    public int Updated { get; set; }
    public int Unchanged { get; set; }
    public int Deleted { get; set; }
    public int Failed { get; set; }
}

public sealed class BatchResultRow
{
    public Guid BatchId { get; set; }
    public int Sequence { get; set; }
    public int ObjectIndex { get; set; }
    public string SourceAnchor { get; set; } = "";
    public int ObjectType { get; set; }
    public Guid? ObjectId { get; set; }
    public int Outcome { get; set; }
    public int? MatchedBy { get; set; }
    /// <summary>Errors, quarantines and warnings as JSON; null for the common case of none.</summary>
    public string? Detail { get; set; }
}

public sealed class MatchRecordRow
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid BatchId { get; set; }
    public Guid? ObjectId { get; set; }
    public string SourceAnchor { get; set; } = "";
    public int ObjectType { get; set; }
    public string DisplayName { get; set; } = "";
    public DateTimeOffset OccurredDateTime { get; set; }
    public int Outcome { get; set; }
    public int? MatchedBy { get; set; }
    public string? ErrorCode { get; set; }
    public string Reason { get; set; } = "";
    public string Steps { get; set; } = "[]";
    public long FeaturesInForce { get; set; }
}

public sealed class AccessKeyRow
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    public string Prefix { get; set; } = "";
    public string Hash { get; set; } = "";
    public string Role { get; set; } = "";
    public Guid? TenantId { get; set; }
    public string CreatedBy { get; set; } = "";
    public DateTimeOffset CreatedDateTime { get; set; }
    public string? RevokedBy { get; set; }
    public DateTimeOffset? RevokedDateTime { get; set; }
    public DateTimeOffset? LastUsedDateTime { get; set; }
}

/// <summary>An export the deletion guard refused, kept for review (SyncRules.Reviews.HeldExport).</summary>
public sealed class HeldExportRow
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public string Client { get; set; } = "";
    public DateTimeOffset ReceivedDateTime { get; set; }
    public int Mode { get; set; }
    public int ObjectCount { get; set; }
    public int Deletes { get; set; }
    public int SyncedObjects { get; set; }
    public int Status { get; set; }
    public int Version { get; set; }
    public string? DecidedBy { get; set; }
    public DateTimeOffset? DecidedDateTime { get; set; }
    public Guid? AppliedBatchId { get; set; }
    /// <summary>The sync run held (its staged pages are the export as received); null for an export held before runs.</summary>
    public Guid? RunId { get; set; }
    /// <summary>An export held before runs existed: the sync API's JSON as received (null since).</summary>
    public string? Request { get; set; }
}

/// <summary>A sync run (SyncRules.Sync.SyncRun): an export arriving in pages, staged until committed.</summary>
public sealed class SyncRunRow
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public int Mode { get; set; }
    public string Client { get; set; } = "";
    public DateTimeOffset CreatedDateTime { get; set; }
    public DateTimeOffset LastActivityDateTime { get; set; }
    public int Pages { get; set; }
    public int ObjectCount { get; set; }
    public int Status { get; set; }
    public int Version { get; set; }
}

/// <summary>One object of a run's page, staged as the client sent it until the run is committed or abandoned.</summary>
public sealed class StagedObjectRow
{
    public Guid RunId { get; set; }
    /// <summary>Its place in the run: pages in the order they arrived, objects in the order of their page.</summary>
    public int Sequence { get; set; }
    public string SourceAnchor { get; set; } = "";
    public bool IsDeleted { get; set; }
    /// <summary>The object as the sync API's JSON; validated on arrival and again, by the same rules, at commit.</summary>
    public string Payload { get; set; } = "";
}

/// <summary>One object a held export would delete, as it was when the export was held.</summary>
public sealed class HeldDeletionRow
{
    public Guid HeldExportId { get; set; }
    public Guid ObjectId { get; set; }
    public string DisplayName { get; set; } = "";
    public int ObjectType { get; set; }
    public string SourceAnchor { get; set; } = "";
}

/// <summary>A browser sign-in (SignInSessions): ended at sign-out.</summary>
public sealed class SignInSessionRow
{
    public Guid Id { get; set; }
    public string UserName { get; set; } = "";
    public DateTimeOffset StartedDateTime { get; set; }
    public DateTimeOffset? EndedDateTime { get; set; }
}

public sealed class AuditEventRow
{
    public Guid Id { get; set; }
    public Guid? TenantId { get; set; }
    public string Actor { get; set; } = "";
    public string Action { get; set; } = "";
    public string Target { get; set; } = "";
    public string? Before { get; set; }
    public string? After { get; set; }
    public DateTimeOffset OccurredDateTime { get; set; }
}

/// <summary>A tenant's sync client (SyncRules.SyncClients.SyncClientStatus): its last report and the admin's interval; intervals in seconds.</summary>
public sealed class SyncClientRow
{
    public Guid TenantId { get; set; }
    public string? ClientVersion { get; set; }
    public string? MachineName { get; set; }
    public string? ServiceAccount { get; set; }
    public string? ApplicationId { get; set; }
    public string? AnchorAttribute { get; set; }
    public long? SynchronizationIntervalSeconds { get; set; }
    public int PendingObjectsAddition { get; set; }
    public int PendingObjectsDeletion { get; set; }
    public int PendingObjectsUpdate { get; set; }
    public long SuccessfulLinksProvisioningCount { get; set; }
    public int SuccessfulObjectsProvisioningCount { get; set; }
    public int TotalConnectorSpaceObjects { get; set; }
    public DateTimeOffset? ReportedDateTime { get; set; }
    public string? ReportedBy { get; set; }
    public long? CustomerRequestedIntervalSeconds { get; set; }
}

/// <summary>
/// One committed change announced to the other instances where the database has no notifications of its own (SQL
/// Server; Data.Changes.PolledChangeFeed): kept a minute, long enough for every instance's poll.
/// </summary>
public sealed class ChangeNoticeRow
{
    public long Id { get; set; }
    public Guid? TenantId { get; set; }
    public string Kind { get; set; } = "";
    /// <summary>Where a run's commit under way stands, for a notice that says so (CommitStatusText).</summary>
    public string? Commit { get; set; }
    public DateTimeOffset OccurredDateTime { get; set; }
}
