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
        var dryRun = await BeginDryRunAsync(tenantId, batch.Mode, actor, ct);
        await dryRun.DecideAsync(batch.Objects, ct);
        return dryRun.End();
    }

    /// <summary>A dry run whose objects are given chunk by chunk (<see cref="DryRun.DecideAsync"/>), then ended; a batch's is one chunk.</summary>
    public async Task<DryRun> BeginDryRunAsync(Guid tenantId, SyncMode mode, string actor, CancellationToken ct)
    {
        var tenant = await store.TenantAsync(tenantId, ct);
        // What every chunk needs: for a full export every synced anchor, and the tenant's size. The chunks load their own keys.
        var index = await store.LoadForBatchAsync(tenantId, BatchKeys.None, mode == SyncMode.Full, ct);
        return new DryRun(store, engine, tenant, index, mode, actor, clock, logger, telemetry);
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
