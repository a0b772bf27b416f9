using AdminPortal.Data.Rows;
using AdminPortal.SyncRules.Directory;
using AdminPortal.SyncRules.Reviews;
using AdminPortal.SyncRules.Sync;

namespace AdminPortal.Data.Stores;

/// <summary>
/// Writes a <see cref="DirectoryChanges"/> in an order that can never trip a unique index half-way: first every
/// value that changed hands is released (deleted objects, old proxies, old UPNs), then the new values are written,
/// each table in one bulk insert, objects before the rows that refer to them. Rows are made as they are written.
/// </summary>
internal sealed class ChangeWriter(BulkWriter w, Guid tenantId)
{
    private static readonly string[] UpdatedColumns =
    [
        nameof(DirectoryObjectRow.DisplayName), nameof(DirectoryObjectRow.UserPrincipalName), nameof(DirectoryObjectRow.UpnNormalized),
        nameof(DirectoryObjectRow.MailNickname), nameof(DirectoryObjectRow.Mail), nameof(DirectoryObjectRow.MailEnabled),
        nameof(DirectoryObjectRow.ImmutableId), nameof(DirectoryObjectRow.SyncEnabled), nameof(DirectoryObjectRow.LastSyncDateTime),
        nameof(DirectoryObjectRow.DistinguishedName), nameof(DirectoryObjectRow.SourceHash), nameof(DirectoryObjectRow.OnPremisesUserPrincipalName),
        nameof(DirectoryObjectRow.IsCloudManaged),
    ];

    private static readonly string[] KeptKeysColumns =
        [.. UpdatedColumns.Except([nameof(DirectoryObjectRow.UpnNormalized), nameof(DirectoryObjectRow.ImmutableId)])];

    /// <summary>All of <paramref name="changes"/>; their results into the batch <paramref name="results"/> names, numbered from its sequence.</summary>
    public async Task WriteAsync(DirectoryChanges changes, (Guid BatchId, int FirstSequence)? results = null)
    {
        foreach (var id in changes.Deleted)
        {
            await DeleteChildrenAsync(id);
            await w.DeleteAsync(new RoleAssignmentRow { PrincipalId = id }, nameof(RoleAssignmentRow.PrincipalId));
            await w.DeleteAsync(new DirectoryObjectRow { Id = id, TenantId = tenantId }, nameof(DirectoryObjectRow.Id), nameof(DirectoryObjectRow.TenantId));
        }
        var modified = changes.Modified.ToList();
        foreach (var o in modified)
        {
            // Each claims its version: a writer that read an older version finds no row.
            var stale = $"{o.Type} '{o.DisplayName}' ({o.Id}) was changed or deleted by somebody else meanwhile.";
            if (o.KeysChanged)
                // Its unique values released first: another object of this write may take them.
                await w.IncrementIfAsync(new DirectoryObjectRow { Id = o.Id, Version = o.Version }, nameof(DirectoryObjectRow.Version),
                    nameof(DirectoryObjectRow.Id), stale, clearing: [nameof(DirectoryObjectRow.UpnNormalized), nameof(DirectoryObjectRow.ImmutableId)]);
            else
                // It keeps them, so it gives nothing up and takes nothing: claimed and updated at once, its keys' index entries untouched.
                await w.IncrementIfAsync(RowMapper.ToRow(o, tenantId), nameof(DirectoryObjectRow.Version), nameof(DirectoryObjectRow.Id), stale, setting: KeptKeysColumns);
            if (o.ChildrenChanged) await DeleteChildrenAsync(o.Id);
        }
        foreach (var o in modified)
        {
            if (o.KeysChanged) await w.UpdateAsync(RowMapper.ToRow(o, tenantId), [nameof(DirectoryObjectRow.Id)], UpdatedColumns);
            o.Saved();
        }
        var withNewChildren = modified.Where(o => o.ChildrenChanged).Concat(changes.Added).ToList();
        await w.InsertAsync(changes.Added.Select(o => RowMapper.ToRow(o, tenantId)));
        await w.InsertAsync(withNewChildren.SelectMany(o => RowMapper.ProxyRows(o, tenantId)));
        await w.InsertAsync(withNewChildren.SelectMany(o => RowMapper.QuarantineRows(o, tenantId)));
        await w.InsertAsync(withNewChildren.SelectMany(RowMapper.LicenseRows));

        foreach (var r in changes.FailuresResolved)
            await w.UpdateAsync(new SyncFailureRow { TenantId = tenantId, SourceAnchor = r.SourceAnchor, ResolvedDateTime = r.ResolvedDateTime },
                [nameof(SyncFailureRow.TenantId), nameof(SyncFailureRow.SourceAnchor)], [nameof(SyncFailureRow.ResolvedDateTime)]);
        foreach (var anchor in changes.FailuresUpserted.Select(f => f.SourceAnchor).Distinct())
            await w.DeleteAsync(new SyncFailureRow { TenantId = tenantId, SourceAnchor = anchor }, nameof(SyncFailureRow.TenantId), nameof(SyncFailureRow.SourceAnchor));
        await w.InsertAsync(changes.FailuresUpserted.Select(f => RowMapper.ToRow(f, tenantId)));
        if (results is var (batchId, first))
            await w.InsertAsync(changes.Results.Select((r, i) => RowMapper.ToRow(r, batchId, first + i)));
        await w.InsertAsync(changes.MatchRecords.Select(m => RowMapper.ToRow(m, tenantId)));
        foreach (var id in changes.RoleAssignmentsRemoved)
            await w.DeleteAsync(new RoleAssignmentRow { Id = id, TenantId = tenantId }, nameof(RoleAssignmentRow.Id), nameof(RoleAssignmentRow.TenantId));
        await w.InsertAsync(changes.RoleAssignmentsAdded.Select(r => RowMapper.ToRow(r, tenantId)));
        await WriteReviewsAsync(changes);
        await w.InsertAsync(changes.AuditEvents.Select(RowMapper.ToRow));
        await w.FlushAsync();
    }

    /// <summary>Held exports settled (each only from the version read: a second decision finds no row) and a newly held one.</summary>
    private async Task WriteReviewsAsync(DirectoryChanges changes)
    {
        foreach (var d in changes.ReviewDecisions)
        {
            await w.IncrementIfAsync(new HeldExportRow { Id = d.Id, Version = d.Version }, nameof(HeldExportRow.Version), nameof(HeldExportRow.Id),
                "This held export was settled by somebody else meanwhile.");
            await w.UpdateAsync(new HeldExportRow { Id = d.Id, Status = (int)d.Status, DecidedBy = d.Actor, DecidedDateTime = d.When, AppliedBatchId = d.AppliedBatchId },
                [nameof(HeldExportRow.Id)], [nameof(HeldExportRow.Status), nameof(HeldExportRow.DecidedBy), nameof(HeldExportRow.DecidedDateTime), nameof(HeldExportRow.AppliedBatchId)]);
            // The run it held goes with it, unless allowed: then its commit settles it.
            if (d.RunId is { } runId && d.Status != HeldExportStatus.Allowed)
                await RunWriter.AbandonAsync(w, runId, d.When);
        }
        if (changes.Held is { } held)
        {
            await w.InsertAsync([RowMapper.ToRow(held)]);
            await w.InsertAsync(held.Deletions.Select(d => RowMapper.ToRow(d, held.Export.Id)));
        }
    }

    private async Task DeleteChildrenAsync(Guid id)
    {
        await w.DeleteAsync(new ProxyAddressRow { ObjectId = id }, nameof(ProxyAddressRow.ObjectId));
        await w.DeleteAsync(new QuarantineRow { ObjectId = id }, nameof(QuarantineRow.ObjectId));
        await w.DeleteAsync(new LicenseRow { ObjectId = id }, nameof(LicenseRow.ObjectId));
    }
}
