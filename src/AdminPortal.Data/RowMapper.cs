using System.Text.Json;
using AdminPortal.SyncRules.Reviews;
using System.Text.Json.Serialization;
using AdminPortal.Data.Rows;
using AdminPortal.SyncRules.Audit;
using AdminPortal.SyncRules.Cloud;
using AdminPortal.SyncRules.Directory;
using AdminPortal.SyncRules.Features;
using AdminPortal.SyncRules.History;
using AdminPortal.SyncRules.Sync;
using AdminPortal.SyncRules.Tenants;

namespace AdminPortal.Data;

/// <summary>Translates between domain types and rows; the one place that knows both shapes.</summary>
internal static class RowMapper
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static Tenant ToTenant(TenantRow row) => new(
        row.Id, row.DisplayName, row.InitialDomain, row.CreatedDateTime,
        row.Domains.Select(d => new VerifiedDomain(d.Name, (DomainAuthentication)d.Authentication)),
        FeatureSet.Restore(row.CreatedDateTime, row.Features.Select(f => new FeatureState((DirSyncFeature)f.Feature, f.Enabled, f.ChangedBy, f.ChangedAt))),
        new AccidentalDeletionPrevention((DeletionPreventionType)row.DeletionPreventionType, row.DeletionThreshold),
        row.FederatedDomainChangeAllowed);

    public static TenantRow ToRow(Tenant t) => new()
    {
        Id = t.Id, DisplayName = t.DisplayName, InitialDomain = t.InitialDomain, CreatedDateTime = t.CreatedDateTime,
        DeletionPreventionType = (int)t.DeletionPrevention.Type, DeletionThreshold = t.DeletionPrevention.AlertThreshold,
        FederatedDomainChangeAllowed = t.FederatedDomainChangeAllowed,
        Domains = t.VerifiedDomains.Select(d => new VerifiedDomainRow { TenantId = t.Id, Name = d.Name, Authentication = (int)d.Authentication }).ToList(),
        Features = t.Features.States.Select(s => ToRow(t.Id, s)).ToList(),
    };

    public static FeatureStateRow ToRow(Guid tenantId, FeatureState s) =>
        new() { TenantId = tenantId, Feature = (int)s.Feature, Enabled = s.Enabled, ChangedBy = s.ChangedBy, ChangedAt = s.ChangedAt };

    public static DirectoryObject ToObject(DirectoryObjectRow r) => DirectoryObject.Restore(r.Id, r.TenantId, (ObjectType)r.ObjectType, r.DisplayName, r.CreatedDateTime,
        new StoredState
        {
            UserPrincipalName = r.UserPrincipalName, MailNickname = r.MailNickname, OnPremisesUserPrincipalName = r.OnPremisesUserPrincipalName, Mail = r.Mail,
            MailEnabled = r.MailEnabled, ImmutableId = r.ImmutableId, SyncEnabled = r.SyncEnabled, LastSyncDateTime = r.LastSyncDateTime,
            DistinguishedName = r.DistinguishedName, SourceHash = r.SourceHash, Version = r.Version, HasAdminRole = r.RoleAssignments.Count > 0,
            IsCloudManaged = r.IsCloudManaged,
            // Keep the primary first, as the export had it; the table itself has no order.
            ProxyAddresses = r.ProxyAddresses.OrderByDescending(p => p.IsPrimary).Select(p => new ProxyAddress(p.Value)),
            Quarantine = r.Quarantine.OrderBy(q => q.OccurredDateTime)
                .Select(q => new QuarantinedValue((ConflictProperty)q.Property, q.Value, q.Placeholder, q.OccurredDateTime, q.FixAtSourceNote, q.NotedBy)),
            Licenses = r.Licenses.Select(l => l.SkuId),
        });

    public static SyncFailure ToFailure(SyncFailureRow f) => new(f.SourceAnchor, (ObjectType)f.ObjectType, f.ObjectId, f.DisplayName,
        f.ErrorCode, (ConflictProperty?)f.Property, f.Value, f.Message, f.FirstFailedDateTime, f.LastAttemptDateTime, f.Attempts, f.BatchId, f.ResolvedDateTime);

    public static SyncBatchRecord ToBatch(SyncBatchRow b) => new(b.Id, b.TenantId, (SyncMode)b.Mode, b.ReceivedDateTime, b.Actor,
        b.ObjectCount, new OutcomeCounts(b.Created, b.Matched, b.Updated, b.Unchanged, b.Deleted, b.Failed));

    public static MatchRecord ToMatch(MatchRecordRow m) => new(m.Id, m.TenantId, m.BatchId, m.ObjectId, m.SourceAnchor,
        (ObjectType)m.ObjectType, m.DisplayName, m.OccurredDateTime, (MatchOutcome)m.Outcome, (MatchRule?)m.MatchedBy, m.ErrorCode,
        m.Reason, JsonSerializer.Deserialize<List<MatchStep>>(m.Steps, Json) ?? [], m.FeaturesInForce);

    /// <summary>The details of a batch result worth keeping; null when there are none (most objects).</summary>
    public static string? DetailOf(ObjectResult r) =>
        r.Errors.Count == 0 && r.Quarantined.Count == 0 && r.Warnings.Count == 0
            ? null
            : JsonSerializer.Serialize(new ResultDetail(r.Errors, r.Quarantined, r.Warnings), Json);

    public static ObjectResult ToResult(BatchResultRow r)
    {
        var detail = r.Detail is null ? null : JsonSerializer.Deserialize<ResultDetail>(r.Detail, Json);
        return new ObjectResult(r.ObjectIndex, r.SourceAnchor, (ObjectType)r.ObjectType, r.ObjectId, (ObjectOutcome)r.Outcome,
            (MatchRule?)r.MatchedBy, detail?.Errors ?? [], detail?.Quarantined ?? [], detail?.Warnings ?? []);
    }

    // Domain to rows, for the bulk writer: each row type is written with the columns the EF model gives it.

    public static DirectoryObjectRow ToRow(DirectoryObject o, Guid tenantId) => new()
    {
        Id = o.Id, TenantId = tenantId, ObjectType = (int)o.Type, DisplayName = o.DisplayName, UserPrincipalName = o.UserPrincipalName,
        UpnNormalized = o.UpnNormalized, MailNickname = o.MailNickname, OnPremisesUserPrincipalName = o.OnPremisesUserPrincipalName,
        Mail = o.Mail, MailEnabled = o.MailEnabled, ImmutableId = o.ImmutableId, SyncEnabled = o.SyncEnabled,
        LastSyncDateTime = o.LastSyncDateTime, DistinguishedName = o.DistinguishedName, SourceHash = o.SourceHash, Version = o.Version,
        CreatedDateTime = o.CreatedDateTime, IsCloudManaged = o.IsCloudManaged,
    };

    public static IEnumerable<ProxyAddressRow> ProxyRows(DirectoryObject o, Guid tenantId) => o.ProxyAddresses.Select(p =>
        new ProxyAddressRow { TenantId = tenantId, Normalized = p.Normalized, ObjectId = o.Id, Value = p.Value, IsPrimary = p.IsPrimarySmtp });

    public static IEnumerable<QuarantineRow> QuarantineRows(DirectoryObject o, Guid tenantId) => o.Quarantine.Select(q => new QuarantineRow
    {
        ObjectId = o.Id, Property = (int)q.Property, NormalizedValue = q.NormalizedValue, TenantId = tenantId, ObjectType = (int)o.Type,
        Value = q.Value, Placeholder = q.Placeholder, OccurredDateTime = q.OccurredDateTime, FixAtSourceNote = q.FixAtSourceNote, NotedBy = q.NotedBy,
    });

    public static IEnumerable<LicenseRow> LicenseRows(DirectoryObject o) => o.AssignedLicenses.Select(l => new LicenseRow { ObjectId = o.Id, SkuId = l });

    public static SyncFailureRow ToRow(SyncFailure f, Guid tenantId) => new()
    {
        TenantId = tenantId, SourceAnchor = f.SourceAnchor, ObjectType = (int)f.ObjectType, ObjectId = f.ObjectId, DisplayName = f.DisplayName,
        ErrorCode = f.ErrorCode, Property = (int?)f.PropertyCausingError, Value = f.Value, Message = f.Message,
        FirstFailedDateTime = f.FirstFailedDateTime, LastAttemptDateTime = f.LastAttemptDateTime, Attempts = f.Attempts, BatchId = f.BatchId,
        ResolvedDateTime = f.ResolvedDateTime,
    };

    public static SyncBatchRow ToRow(SyncBatchRecord b, Guid tenantId) => new()
    {
        Id = b.Id, TenantId = tenantId, Mode = (int)b.Mode, ReceivedDateTime = b.ReceivedDateTime, Actor = b.Actor, ObjectCount = b.ObjectCount,
        Created = b.Counts.Created, Matched = b.Counts.Matched, Updated = b.Counts.Updated, Unchanged = b.Counts.Unchanged,
        Deleted = b.Counts.Deleted, Failed = b.Counts.Failed,
    };

    public static BatchResultRow ToRow(ObjectResult r, Guid batchId, int sequence) => new()
    {
        BatchId = batchId, Sequence = sequence, ObjectIndex = r.Index, SourceAnchor = r.SourceAnchor, ObjectType = (int)r.ObjectType,
        ObjectId = r.ObjectId, Outcome = (int)r.Outcome, MatchedBy = (int?)r.MatchedBy, Detail = DetailOf(r),
    };

    public static MatchRecordRow ToRow(MatchRecord m, Guid tenantId) => new()
    {
        Id = m.Id, TenantId = tenantId, BatchId = m.BatchId, ObjectId = m.ObjectId, SourceAnchor = m.SourceAnchor, ObjectType = (int)m.ObjectType,
        DisplayName = m.DisplayName, OccurredDateTime = m.OccurredDateTime, Outcome = (int)m.Outcome, MatchedBy = (int?)m.MatchedBy,
        ErrorCode = m.ErrorCode, Reason = m.Reason, Steps = JsonSerializer.Serialize(m.Steps, Json), FeaturesInForce = m.FeaturesInForce,
    };

    public static RoleAssignmentRow ToRow(RoleAssignment r, Guid tenantId) => new()
    {
        Id = r.Id, TenantId = tenantId, PrincipalId = r.PrincipalId, RoleDefinitionId = r.RoleDefinitionId, DirectoryScopeId = r.DirectoryScopeId,
    };

    public static HeldExportRow ToRow(NewHeldExport held)
    {
        var e = held.Export;
        return new HeldExportRow
        {
            Id = e.Id, TenantId = e.TenantId, Client = e.Client, ReceivedDateTime = e.ReceivedDateTime, Mode = (int)e.Mode, ObjectCount = e.ObjectCount,
            Deletes = e.Deletes, SyncedObjects = e.SyncedObjects, Status = (int)e.Status, Version = e.Version,
            RunId = held.Export.RunId,
        };
    }

    public static HeldExport ToHeldExport(HeldExportRow r) => new(r.Id, r.TenantId, r.Client, r.ReceivedDateTime, (SyncMode)r.Mode, r.ObjectCount,
        r.Deletes, r.SyncedObjects, (HeldExportStatus)r.Status, r.Version, r.DecidedBy, r.DecidedDateTime, r.AppliedBatchId, r.RunId);

    public static SyncRunRow ToRow(SyncRun r) => new()
    {
        Id = r.Id, TenantId = r.TenantId, Mode = (int)r.Mode, Client = r.Client, CreatedDateTime = r.CreatedDateTime,
        LastActivityDateTime = r.LastActivityDateTime, Pages = r.Pages, ObjectCount = r.ObjectCount, Status = (int)r.Status, Version = r.Version,
    };

    public static SyncRun ToRun(SyncRunRow r) => new(r.Id, r.TenantId, (SyncMode)r.Mode, r.Client, r.CreatedDateTime, r.LastActivityDateTime,
        r.Pages, r.ObjectCount, (SyncRunStatus)r.Status, r.Version);

    public static StagedObjectRow ToRow(StagedObject o, Guid runId) => new()
    {
        RunId = runId, Sequence = o.Sequence, SourceAnchor = o.Object.SourceAnchor!, IsDeleted = o.Object.IsDeleted == true,
        Payload = JsonSerializer.Serialize(o.Object, Json),
    };

    public static StagedObject ToStaged(StagedObjectRow r) => new(r.Sequence, JsonSerializer.Deserialize<IncomingObject>(r.Payload, Json)!);

    public static HeldDeletionRow ToRow(HeldDeletion d, Guid heldExportId) => new()
    {
        HeldExportId = heldExportId, ObjectId = d.ObjectId, DisplayName = d.DisplayName, ObjectType = (int)d.ObjectType, SourceAnchor = d.SourceAnchor,
    };

    public static AuditEventRow ToRow(AuditEvent a) => new()
    {
        Id = a.Id, TenantId = a.TenantId, Actor = a.Actor, Action = a.Action, Target = a.Target, Before = a.Before, After = a.After,
        OccurredDateTime = a.OccurredDateTime,
    };

    private sealed record ResultDetail(IReadOnlyList<SyncError> Errors, IReadOnlyList<QuarantineNotice> Quarantined, IReadOnlyList<string> Warnings);
}
