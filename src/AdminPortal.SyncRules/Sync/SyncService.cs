using AdminPortal.SyncRules.Directory;
using AdminPortal.SyncRules.Ports;
using AdminPortal.SyncRules.Telemetry;
using Microsoft.Extensions.Logging;

namespace AdminPortal.SyncRules.Sync;

/// <summary>
/// The sync API's batch and its dry run. A batch is validated whole, then applied as a sync run of one page on the
/// path every run takes (<see cref="RunCommitter"/>): over the accidental-deletion threshold it is refused and kept
/// for review; a newer export from the same client supersedes a kept one.
/// </summary>
public sealed class SyncService(ISyncStore store, SyncEngine engine, SyncRunService runs, TimeProvider clock, ILogger<SyncService> logger,
    SyncTelemetry? telemetry = null)
{
    public Task<BatchOutcome> ApplyBatchAsync(Guid tenantId, SyncBatchRequest request, string actor, CancellationToken ct)
    {
        var mode = BatchValidator.Validate(request).Mode;
        return runs.ApplyAsOneRunAsync(tenantId, mode, request.Objects!, actor, ct);
    }

    /// <summary>
    /// The whole engine run against the current state, and nothing written: per-object outcomes, matching decisions,
    /// quarantines, failures, deletions and the deletion guard's verdict, as the real batch would have them now.
    /// </summary>
    public Task<DryRunOutcome> DryRunAsync(Guid tenantId, SyncBatchRequest request, string actor, CancellationToken ct) =>
        DryRunAsync(tenantId, BatchValidator.Validate(request), actor, ct);

    /// <summary>The dry run of a batch its caller validated object by object (<see cref="BatchValidator.Check"/>).</summary>
    public async Task<DryRunOutcome> DryRunAsync(Guid tenantId, ValidatedBatch batch, string actor, CancellationToken ct)
    {
        var started = clock.GetTimestamp();
        var tenant = await store.TenantAsync(tenantId, ct);
        var index = await store.LoadForBatchAsync(tenantId, KeysOf(batch.Objects, tenant.InitialDomain), batch.Mode == SyncMode.Full, ct);
        var changes = engine.Decide(tenant, index, batch, Guid.CreateVersion7(), actor, clock.GetUtcNow());
        telemetry?.DryRun(batch.Mode, clock.GetElapsedTime(started));
        logger.LogInformation("Tenant {TenantId}: dry run of a {Mode} batch from {Actor}, {Objects} objects: {Counts}; nothing written",
            tenantId, batch.Mode, actor, batch.Objects.Count, changes.Batch!.Counts);
        var upns = changes.Added.Concat(changes.Modified).Where(o => o.UserPrincipalName is not null).ToDictionary(o => o.Id, o => o.UserPrincipalName!);
        return new DryRunOutcome(changes.Batch!, changes.Results, changes.MatchRecords, changes.DeletionGuard!, upns);
    }

    /// <summary>Every value the batch could look up, including the MOERA a user would fall back to.</summary>
    internal static BatchKeys KeysOf(IEnumerable<ExportedObject> objects, string initialDomain)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        var upns = new HashSet<string>(StringComparer.Ordinal);
        var proxies = new HashSet<string>(StringComparer.Ordinal);
        foreach (var o in objects)
        {
            anchors.Add(o.SourceAnchor);
            if (o.UserPrincipalName is { } upn)
            {
                upns.Add(DirectoryValue.Normalize(upn));
                var nickname = o.MailNickname ?? upn[..upn.IndexOf('@')];
                upns.Add(DirectoryValue.Normalize($"{nickname}@{initialDomain}"));
            }
            foreach (var p in o.ProxyAddresses) proxies.Add(p.Normalized);
        }
        return new BatchKeys(anchors, upns, proxies);
    }
}
