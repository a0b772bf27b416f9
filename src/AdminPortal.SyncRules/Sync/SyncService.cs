using AdminPortal.SyncRules.Changes;
using AdminPortal.SyncRules.Ports;
using Microsoft.Extensions.Logging;

namespace AdminPortal.SyncRules.Sync;

/// <summary>The sync API's one operation: validate a batch, decide it with the engine, store it atomically.</summary>
public sealed class SyncService(ISyncStore store, SyncEngine engine, TenantLocks locks, TimeProvider clock, ILogger<SyncService> logger, IChangeFeed? feed = null)
{
    private const int Attempts = 3;

    public async Task<BatchOutcome> ApplyBatchAsync(Guid tenantId, SyncBatchRequest request, string actor, CancellationToken ct)
    {
        var batch = BatchValidator.Validate(request);
        // Only the validated copy is used from here on; let a million raw request objects go before the big plan is built.
        request = null!;
        var tenant = await store.FindTenantAsync(tenantId, ct) ?? throw new NotFoundException($"Tenant {tenantId}");
        var batchId = Guid.CreateVersion7();
        using var _ = await locks.AcquireAsync(tenantId, ct);
        for (var attempt = 1; ; attempt++)
        {
            // The key sets are built per attempt and dropped after the load: at a million objects they weigh hundreds of MB.
            var index = await store.LoadForBatchAsync(tenantId, KeysOf(batch, tenant.InitialDomain), batch.Mode == SyncMode.Full, ct);
            var changes = engine.Plan(tenant, index, batch, batchId, actor, clock.GetUtcNow());
            try
            {
                await store.SaveAsync(tenantId, changes, ct);
                feed?.Publish(new DirectoryChange(tenantId, ChangeKind.SyncBatch));
                var b = changes.Batch!;
                logger.LogInformation("Tenant {TenantId}: {Mode} batch {BatchId} from {Actor} applied, {Objects} objects: {Counts}",
                    tenantId, b.Mode, b.Id, actor, b.ObjectCount, b.Counts);
                return new BatchOutcome(b, changes.Results);
            }
            // Another process wrote the same values or objects first: decide again on what is there now.
            catch (ConcurrentChangeException e) when (attempt < Attempts)
            {
                logger.LogInformation("Tenant {TenantId}: batch {BatchId} lost a race to another writer ({Reason}); deciding it again", tenantId, batchId, e.Message);
            }
        }
    }

    /// <summary>
    /// The whole engine run against the current state, and nothing written: per-object outcomes, matching decisions,
    /// quarantines, failures, deletions and the deletion guard's verdict, as the real batch would have them now.
    /// </summary>
    public async Task<DryRunOutcome> DryRunAsync(Guid tenantId, SyncBatchRequest request, string actor, CancellationToken ct)
    {
        var batch = BatchValidator.Validate(request);
        request = null!;
        var tenant = await store.FindTenantAsync(tenantId, ct) ?? throw new NotFoundException($"Tenant {tenantId}");
        var index = await store.LoadForBatchAsync(tenantId, KeysOf(batch, tenant.InitialDomain), batch.Mode == SyncMode.Full, ct);
        var changes = engine.Decide(tenant, index, batch, Guid.CreateVersion7(), actor, clock.GetUtcNow());
        logger.LogInformation("Tenant {TenantId}: dry run of a {Mode} batch from {Actor}, {Objects} objects: {Counts}; nothing written",
            tenantId, batch.Mode, actor, batch.Objects.Count, changes.Batch!.Counts);
        return new DryRunOutcome(changes.Batch!, changes.Results, changes.MatchRecords, changes.DeletionGuard!);
    }

    /// <summary>Every value the batch could look up, including the MOERA a user would fall back to.</summary>
    internal static BatchKeys KeysOf(ValidatedBatch batch, string initialDomain)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        var upns = new HashSet<string>(StringComparer.Ordinal);
        var proxies = new HashSet<string>(StringComparer.Ordinal);
        foreach (var o in batch.Objects)
        {
            anchors.Add(o.SourceAnchor);
            if (o.UserPrincipalName is { } upn)
            {
                upns.Add(upn.ToLowerInvariant());
                var nickname = o.MailNickname ?? upn[..upn.IndexOf('@')];
                upns.Add($"{nickname}@{initialDomain}".ToLowerInvariant());
            }
            foreach (var p in o.ProxyAddresses) proxies.Add(p.Normalized);
        }
        return new BatchKeys(anchors, upns, proxies);
    }
}
