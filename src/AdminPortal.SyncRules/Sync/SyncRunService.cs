using AdminPortal.SyncRules.Directory;
using AdminPortal.SyncRules.Ports;
using Microsoft.Extensions.Logging;

namespace AdminPortal.SyncRules.Sync;

/// <summary>
/// The sync API's runs: an export of any size sent in pages, each validated on arrival and staged in the database,
/// then committed whole by <see cref="RunCommitter"/> or abandoned (by the client, or by the clock).
/// </summary>
public sealed class SyncRunService(ISyncRunStore runs, ISyncStore store, RunCommitter committer, TimeProvider clock, SyncRunLimits limits,
    ILogger<SyncRunService> logger, IChangeFeed? feed = null)
{
    public SyncRunLimits Limits => limits;

    public async Task<SyncRun> OpenAsync(Guid tenantId, string? mode, string client, CancellationToken ct)
    {
        var parsed = BatchValidator.Mode(mode);
        await store.TenantAsync(tenantId, ct);
        var run = SyncRun.Open(tenantId, parsed, client, clock.GetUtcNow());
        await runs.AddAsync(run, [], ct);
        Changed(tenantId);
        logger.LogInformation("Tenant {TenantId}: {Client} opened {Mode} run {RunId}", tenantId, client, run.Mode, run.Id);
        return run;
    }

    /// <summary>
    /// One page staged, or refused whole (a 400 naming <c>objects[i].field</c>) with nothing of it kept and the run still
    /// open for a corrected page. A source anchor an earlier page sent is refused too.
    /// </summary>
    public async Task<SyncRun> AddPageAsync(Guid tenantId, Guid runId, IReadOnlyList<IncomingObject?>? objects, CancellationToken ct)
    {
        var run = await runs.GetExistingAsync(tenantId, runId, ct);
        // Refused before a large page is validated object by object.
        var grown = run.WithPage(objects?.Count ?? 0, clock.GetUtcNow(), limits);
        var page = BatchValidator.ValidatePage(objects);
        try
        {
            await runs.StagePageAsync(run, grown, Staged(run, objects!), ct);
        }
        // The run's unique index on source anchors refused the page (or another page of the run won a race): say which
        // objects an earlier page already sent. Looked up only then, not for every page.
        catch (ConcurrentChangeException)
        {
            var earlier = await runs.StagedAnchorsAsync(run.Id, page.Select(o => o.SourceAnchor).ToList(), ct);
            if (earlier.Count == 0) throw;
            throw BatchValidator.Refuse(page.Where(o => earlier.ContainsKey(o.SourceAnchor)).Select(o => ($"objects[{o.Index}].sourceAnchor",
                $"sourceAnchor '{AttributeRules.Shorten(o.SourceAnchor)}' was sent in an earlier page of this run (object {earlier[o.SourceAnchor]} of the run); each object may appear once in a run.")));
        }
        Changed(tenantId);
        return grown with { Version = run.Version + 1 };
    }

    /// <summary>A batch (validated whole by its caller): a run of this one page, opened, staged and committed on the path every run takes.</summary>
    internal async Task<BatchOutcome> ApplyAsOneRunAsync(Guid tenantId, SyncMode mode, IReadOnlyList<IncomingObject?> objects, string client, CancellationToken ct)
    {
        await store.TenantAsync(tenantId, ct);
        // A batch answers with every result, as it always has.
        return await CommitOnePageAsync(SyncRun.Open(tenantId, mode, client, clock.GetUtcNow()), objects, keepResults: true, allowing: null, ct);
    }

    /// <summary>
    /// A held run applied once because an admin allowed it, exactly as its client sent it. An export held before sync runs
    /// existed comes as its JSON (<paramref name="legacy"/>): it is staged as a held run first so that it takes the same path.
    /// </summary>
    public async Task<BatchOutcome> CommitHeldAsync(Reviews.HeldExport held, SyncBatchRequest? legacy, string admin, CancellationToken ct)
    {
        if (held.RunId is { } runId) return await committer.CommitAsync(held.TenantId, runId, keepResults: false, (held, admin), ct);
        var mode = BatchValidator.Validate(legacy).Mode;
        return await CommitOnePageAsync(SyncRun.Open(held.TenantId, mode, held.Client, held.ReceivedDateTime) with { Status = SyncRunStatus.HeldForReview },
            legacy!.Objects!, keepResults: false, (held, admin), ct);
    }

    /// <summary>
    /// A new run of one page of objects its caller validated, committed at once. Nobody else knows the run: when its commit
    /// fails it is given up, not left to the clock — unless the deletion guard held it for review.
    /// </summary>
    private async Task<BatchOutcome> CommitOnePageAsync(SyncRun opened, IReadOnlyList<IncomingObject?> objects, bool keepResults,
        (Reviews.HeldExport, string)? allowing, CancellationToken ct)
    {
        var run = opened with { Pages = 1, ObjectCount = objects.Count };
        await runs.AddAsync(run, Staged(opened, objects), ct);
        // Staged: the request's objects may go before a large commit builds its chunks.
        objects = null!;
        try
        {
            return await committer.CommitAsync(run.TenantId, run.Id, keepResults, allowing, ct);
        }
        catch (Exception e) when (e is not DeletionThresholdExceededException)
        {
            await AbandonQuietlyAsync(run.TenantId, run.Id);
            throw;
        }
    }

    public Task<BatchOutcome> CommitAsync(Guid tenantId, Guid runId, CancellationToken ct) =>
        committer.CommitAsync(tenantId, runId, keepResults: false, allowing: null, ct);

    /// <summary>The run as of now: an open run past its time reads as abandoned even before the sweep removed its pages.</summary>
    public async Task<SyncRun> GetAsync(Guid tenantId, Guid runId, CancellationToken ct)
    {
        var run = await runs.GetExistingAsync(tenantId, runId, ct);
        return run with { Status = run.StatusAt(clock.GetUtcNow(), limits) };
    }

    /// <summary>The client gives the run up: its pages are removed and nothing of it is applied.</summary>
    public async Task AbandonAsync(Guid tenantId, Guid runId, string actor, CancellationToken ct)
    {
        var run = await runs.GetExistingAsync(tenantId, runId, ct);
        var now = clock.GetUtcNow();
        run.EnsureOpen(now, limits);
        await runs.SettleAsync(run, run.Settled(SyncRunStatus.Abandoned, now), null, ct);
        Changed(tenantId);
        logger.LogInformation("Tenant {TenantId}: {Actor} abandoned run {RunId} ({Pages} pages, {Objects} objects)", tenantId, actor, run.Id, run.Pages, run.ObjectCount);
    }

    /// <summary>
    /// The expiry sweep: open runs not committed within <see cref="SyncRunLimits.Timeout"/> of their last page abandoned,
    /// their pages removed, and the pages committed runs left behind removed too; how many runs were abandoned.
    /// </summary>
    public async Task<int> SweepAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var abandoned = await runs.AbandonExpiredAsync(now - limits.Timeout, now, ct);
        if (abandoned > 0) logger.LogInformation("{Count} sync runs not committed within {Timeout} were abandoned and their pages removed", abandoned, limits.Timeout);
        var leftOver = await runs.RemoveLeftOverStagedAsync(ct);
        if (leftOver > 0) logger.LogInformation("The pages {Count} committed sync runs had left staged were removed", leftOver);
        return abandoned;
    }

    private async Task AbandonQuietlyAsync(Guid tenantId, Guid runId)
    {
        try
        {
            if (await runs.FindAsync(tenantId, runId, CancellationToken.None) is { Status: SyncRunStatus.Open or SyncRunStatus.HeldForReview } run)
                await runs.SettleAsync(run, run.Settled(SyncRunStatus.Abandoned, clock.GetUtcNow()), null, CancellationToken.None);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Tenant {TenantId}: run {RunId}, refused, could not be abandoned; the run timeout will", tenantId, runId);
        }
    }

    /// <summary>Open pages showing the tenant's runs follow their pages as they arrive.</summary>
    private void Changed(Guid tenantId) => feed?.Publish(new Changes.DirectoryChange(tenantId, Changes.ChangeKind.SyncRun));

    private static List<StagedObject> Staged(SyncRun run, IReadOnlyList<IncomingObject?> objects) =>
        objects.Select((o, i) => new StagedObject(run.ObjectCount + i, o!)).ToList();
}
