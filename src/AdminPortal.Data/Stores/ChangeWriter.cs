using System.Text.Json;
using AdminPortal.SyncRules;
using AdminPortal.SyncRules.Directory;
using AdminPortal.SyncRules.Sync;

namespace AdminPortal.Data.Stores;

/// <summary>
/// Writes a <see cref="DirectoryChanges"/> in an order that can never trip a unique index half-way: first every
/// value that changed hands is released (deleted objects, old proxies, old UPNs), then the new values are written.
/// </summary>
internal sealed class ChangeWriter(BulkWriter w, Guid tenantId)
{
    private static readonly string InsertObject = BulkWriter.InsertSql("DirectoryObjects", "Id", "TenantId", "ObjectType", "DisplayName",
        "UserPrincipalName", "UpnNormalized", "MailNickname", "Mail", "MailEnabled", "ImmutableId", "SyncEnabled", "LastSyncDateTime",
        "DistinguishedName", "SourceHash", "Version", "CreatedDateTime", "OnPremisesUserPrincipalName");
    private static readonly string InsertProxy = BulkWriter.InsertSql("ProxyAddresses", "TenantId", "Normalized", "ObjectId", "Value", "IsPrimary");
    private static readonly string InsertQuarantine = BulkWriter.InsertSql("Quarantine", "ObjectId", "Property", "NormalizedValue", "TenantId",
        "Value", "Placeholder", "OccurredDateTime", "FixAtSourceNote", "NotedBy", "ObjectType");
    private static readonly string InsertLicense = BulkWriter.InsertSql("Licenses", "ObjectId", "SkuId");
    private static readonly string InsertFailure = BulkWriter.InsertSql("SyncFailures", "TenantId", "SourceAnchor", "ObjectType", "ObjectId",
        "DisplayName", "ErrorCode", "Property", "Value", "Message", "FirstFailedDateTime", "LastAttemptDateTime", "Attempts", "BatchId");
    private static readonly string InsertMatch = BulkWriter.InsertSql("MatchRecords", "Id", "TenantId", "BatchId", "ObjectId", "SourceAnchor",
        "ObjectType", "DisplayName", "OccurredDateTime", "Outcome", "MatchedBy", "ErrorCode", "Reason", "Steps", "FeaturesInForce");
    private static readonly string InsertBatch = BulkWriter.InsertSql("SyncBatches", "Id", "TenantId", "Mode", "ReceivedDateTime", "Actor",
        "ObjectCount", "Created", "Matched", "Updated", "Unchanged", "Deleted", "Failed");
    private static readonly string InsertResult = BulkWriter.InsertSql("BatchResults", "BatchId", "Sequence", "ObjectIndex", "SourceAnchor",
        "ObjectType", "ObjectId", "Outcome", "MatchedBy", "Detail");
    private static readonly string InsertAudit = BulkWriter.InsertSql("AuditEvents", "Id", "TenantId", "Actor", "Action", "Target", "Before",
        "After", "OccurredDateTime");

    private static readonly string InsertRole = BulkWriter.InsertSql("RoleAssignments", "Id", "TenantId", "PrincipalId", "RoleDefinitionId",
        "DirectoryScopeId");

    private const string ReleaseObject =
        "UPDATE \"DirectoryObjects\" SET \"UpnNormalized\" = NULL, \"ImmutableId\" = NULL, \"Version\" = \"Version\" + 1 WHERE \"Id\" = @p0 AND \"Version\" = @p1";
    private const string UpdateObject =
        "UPDATE \"DirectoryObjects\" SET \"DisplayName\" = @p1, \"UserPrincipalName\" = @p2, \"UpnNormalized\" = @p3, \"MailNickname\" = @p4, " +
        "\"Mail\" = @p5, \"MailEnabled\" = @p6, \"ImmutableId\" = @p7, \"SyncEnabled\" = @p8, \"LastSyncDateTime\" = @p9, " +
        "\"DistinguishedName\" = @p10, \"SourceHash\" = @p11, \"OnPremisesUserPrincipalName\" = @p12 WHERE \"Id\" = @p0";

    public async Task WriteAsync(DirectoryChanges changes)
    {
        foreach (var id in changes.Deleted)
        {
            await DeleteChildrenAsync(id);
            await w.ExecuteAsync("DELETE FROM \"RoleAssignments\" WHERE \"PrincipalId\" = @p0", id);
            await w.ExecuteAsync("DELETE FROM \"DirectoryObjects\" WHERE \"Id\" = @p0 AND \"TenantId\" = @p1", id, tenantId);
        }
        var modified = changes.Modified.ToList();
        foreach (var o in modified)
        {
            if (await w.ExecuteAsync(ReleaseObject, o.Id, o.Version) == 0)
                throw new ConcurrentChangeException($"{o.Type} '{o.DisplayName}' ({o.Id}) was changed or deleted by somebody else meanwhile.");
            if (o.ChildrenChanged) await DeleteChildrenAsync(o.Id);
        }
        foreach (var o in modified)
        {
            await w.ExecuteAsync(UpdateObject, o.Id, o.DisplayName, o.UserPrincipalName, o.UpnNormalized, o.MailNickname, o.Mail,
                o.MailEnabled, o.ImmutableId, o.SyncEnabled, o.LastSyncDateTime, o.DistinguishedName, o.SourceHash, o.OnPremisesUserPrincipalName);
            o.Version++;
            if (o.ChildrenChanged) await WriteChildrenAsync(o);
        }
        foreach (var o in changes.Added)
        {
            await w.ExecuteAsync(InsertObject, o.Id, tenantId, o.Type, o.DisplayName, o.UserPrincipalName, o.UpnNormalized, o.MailNickname,
                o.Mail, o.MailEnabled, o.ImmutableId, o.SyncEnabled, o.LastSyncDateTime, o.DistinguishedName, o.SourceHash, o.Version,
                o.CreatedDateTime, o.OnPremisesUserPrincipalName);
            await WriteChildrenAsync(o);
        }
        foreach (var anchor in changes.FailuresCleared.Concat(changes.FailuresUpserted.Select(f => f.SourceAnchor)).Distinct())
            await w.ExecuteAsync("DELETE FROM \"SyncFailures\" WHERE \"TenantId\" = @p0 AND \"SourceAnchor\" = @p1", tenantId, anchor);
        foreach (var f in changes.FailuresUpserted)
            await w.ExecuteAsync(InsertFailure, tenantId, f.SourceAnchor, f.ObjectType, f.ObjectId, f.DisplayName, f.ErrorCode,
                f.PropertyCausingError, f.Value, f.Message, f.FirstFailedDateTime, f.LastAttemptDateTime, f.Attempts, f.BatchId);
        if (changes.Batch is { } b)
        {
            await w.ExecuteAsync(InsertBatch, b.Id, tenantId, b.Mode, b.ReceivedDateTime, b.Actor, b.ObjectCount, b.Counts.Created,
                b.Counts.Matched, b.Counts.Updated, b.Counts.Unchanged, b.Counts.Deleted, b.Counts.Failed);
            var sequence = 0;
            foreach (var r in changes.Results)
                await w.ExecuteAsync(InsertResult, b.Id, sequence++, r.Index, r.SourceAnchor, r.ObjectType, r.ObjectId, r.Outcome,
                    r.MatchedBy, RowMapper.DetailOf(r));
        }
        foreach (var m in changes.MatchRecords)
            await w.ExecuteAsync(InsertMatch, m.Id, tenantId, m.BatchId, m.ObjectId, m.SourceAnchor, m.ObjectType, m.DisplayName,
                m.OccurredDateTime, m.Outcome, m.MatchedBy, m.ErrorCode, m.Reason, JsonSerializer.Serialize(m.Steps, RowMapper.Json),
                m.FeaturesInForce);
        foreach (var id in changes.RoleAssignmentsRemoved)
            await w.ExecuteAsync("DELETE FROM \"RoleAssignments\" WHERE \"Id\" = @p0 AND \"TenantId\" = @p1", id, tenantId);
        foreach (var r in changes.RoleAssignmentsAdded)
            await w.ExecuteAsync(InsertRole, r.Id, tenantId, r.PrincipalId, r.RoleDefinitionId, r.DirectoryScopeId);
        foreach (var a in changes.AuditEvents)
            await w.ExecuteAsync(InsertAudit, a.Id, a.TenantId, a.Actor, a.Action, a.Target, a.Before, a.After, a.OccurredDateTime);
    }

    private async Task DeleteChildrenAsync(Guid id)
    {
        await w.ExecuteAsync("DELETE FROM \"ProxyAddresses\" WHERE \"ObjectId\" = @p0", id);
        await w.ExecuteAsync("DELETE FROM \"Quarantine\" WHERE \"ObjectId\" = @p0", id);
        await w.ExecuteAsync("DELETE FROM \"Licenses\" WHERE \"ObjectId\" = @p0", id);
    }

    private async Task WriteChildrenAsync(DirectoryObject o)
    {
        foreach (var p in o.ProxyAddresses)
            await w.ExecuteAsync(InsertProxy, tenantId, p.Normalized, o.Id, p.Value, p.IsPrimarySmtp);
        foreach (var q in o.Quarantine)
            await w.ExecuteAsync(InsertQuarantine, o.Id, q.Property, q.NormalizedValue, tenantId, q.Value, q.Placeholder, q.OccurredDateTime,
                q.FixAtSourceNote, q.NotedBy, o.Type);
        foreach (var l in o.AssignedLicenses)
            await w.ExecuteAsync(InsertLicense, o.Id, l);
    }
}
