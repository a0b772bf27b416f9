using AdminPortal.SyncRules.Ports;
using AdminPortal.SyncRules.Telemetry;
using Microsoft.Extensions.Logging;

namespace AdminPortal.SyncRules.Sync;

/// <summary>
/// A dry run fed chunk by chunk as its objects arrive, so that the engine decides while a pre-flight still reads its file.
/// Each chunk's keys are loaded into the one index the chunks before it decided in (<see cref="DirectoryIndex.AddLoaded"/>),
/// so every object sees what the objects before it did, exactly as in one batch. Nothing is written. Not thread-safe:
/// one chunk at a time, in the export's order.
/// </summary>
public sealed class DryRun(ISyncStore store, SyncEngine engine, Tenants.Tenant tenant, DirectoryIndex index, SyncMode mode, string actor,
    TimeProvider clock, ILogger logger, SyncTelemetry? telemetry)
{
    private readonly long started = clock.GetTimestamp();
    private readonly DateTimeOffset now = clock.GetUtcNow();
    private readonly Guid batchId = Guid.CreateVersion7();
    private readonly DirectoryChanges changes = new();
    /// <summary>The anchors a full export named, for the deletions of what it left out.</summary>
    private readonly HashSet<string>? present = mode == SyncMode.Full ? new(StringComparer.Ordinal) : null;
    private int objects;

    /// <summary>The next objects of the export, validated by the caller (their indexes continue the ones before), decided.</summary>
    public async Task DecideAsync(IReadOnlyList<ExportedObject> chunk, CancellationToken ct)
    {
        await store.LoadIntoAsync(tenant.Id, index, SyncService.KeysOf(chunk, tenant.InitialDomain), ct);
        engine.DecideObjects(tenant, index, chunk, batchId, now, changes);
        if (present is not null) SyncEngine.AddPresent(chunk, present);
        objects += chunk.Count;
    }

    /// <summary>Every object given: the deletions a full export implies, the deletion guard's verdict, and what the batch would do.</summary>
    public DryRunOutcome End()
    {
        SyncEngine.Conclude(tenant, index, mode, present, objects, batchId, actor, now, changes);
        telemetry?.DryRun(mode, clock.GetElapsedTime(started));
        logger.LogInformation("Tenant {TenantId}: dry run of a {Mode} batch from {Actor}, {Objects} objects: {Counts}; nothing written",
            tenant.Id, mode, actor, objects, changes.Batch!.Counts);
        var upns = changes.Added.Concat(changes.Modified).Where(o => o.UserPrincipalName is not null).ToDictionary(o => o.Id, o => o.UserPrincipalName!);
        return new DryRunOutcome(changes.Batch!, changes.Results, changes.MatchRecords, changes.DeletionGuard!, upns);
    }
}
