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
        _ = await TenantAsync(tenantId, ct);
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
        var run = await runs.FindAsync(tenantId, runId, ct) ?? throw new NotFoundException($"Sync run {runId}");
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

    /// <summary>A batch: a run of this one page, opened, staged and committed on the path every run takes.</summary>
    internal async Task<BatchOutcome> ApplyAsOneRunAsync(Guid tenantId, ValidatedBatch batch, IReadOnlyList<IncomingObject?> objects, string client, CancellationToken ct)
    {
        _ = await TenantAsync(tenantId, ct);
        var now = clock.GetUtcNow();
        var run = SyncRun.Open(tenantId, batch.Mode, client, now) with { Pages = 1, ObjectCount = batch.Objects.Count };
        await runs.AddAsync(run, Staged(run with { ObjectCount = 0 }, objects), ct);
        // Staged: the request's objects may go before a large commit builds its chunks.
        (batch, objects) = (null!, null!);
        try
        {
            return await committer.CommitAsync(tenantId, run.Id, keepResults: true, allowing: null, ct);
        }
        catch (Exception e) when (e is not DeletionThresholdExceededException)
        {
            // Nobody else knows this run: it is given up with its batch, not left to the clock.
            await AbandonQuietlyAsync(tenantId, run.Id);
            throw;
        }
    }

    /// <summary>
    /// An export held for review before sync runs existed (kept as its JSON): staged now as a held run, so that allowing
    /// it takes the one path. Given up again if its commit fails.
    /// </summary>
    internal async Task<SyncRun> StageHeldAsync(Reviews.HeldExport held, SyncBatchRequest request, CancellationToken ct)
    {
        var batch = BatchValidator.Validate(request);
        var run = SyncRun.Open(held.TenantId, batch.Mode, held.Client, held.ReceivedDateTime) with
            { Pages = 1, ObjectCount = batch.Objects.Count, Status = SyncRunStatus.HeldForReview };
        await runs.AddAsync(run, Staged(run with { ObjectCount = 0 }, request.Objects!), ct);
        return run;
    }

    internal async Task GiveUpAsync(SyncRun run) => await AbandonQuietlyAsync(run.TenantId, run.Id);

    public Task<BatchOutcome> CommitAsync(Guid tenantId, Guid runId, CancellationToken ct) =>
        committer.CommitAsync(tenantId, runId, keepResults: false, allowing: null, ct);

    /// <summary>The run as of now: an open run past its time reads as abandoned even before the sweep removed its pages.</summary>
    public async Task<SyncRun> GetAsync(Guid tenantId, Guid runId, CancellationToken ct)
    {
        var run = await runs.FindAsync(tenantId, runId, ct) ?? throw new NotFoundException($"Sync run {runId}");
        return run with { Status = run.StatusAt(clock.GetUtcNow(), limits) };
    }

    /// <summary>The tenant, or NotFound: a list of an unknown tenant's runs is a 404, not an empty list.</summary>
    public async Task<Tenants.Tenant> TenantAsync(Guid tenantId, CancellationToken ct) =>
        await store.FindTenantAsync(tenantId, ct) ?? throw new NotFoundException($"Tenant {tenantId}");

    /// <summary>The client gives the run up: its pages are removed and nothing of it is applied.</summary>
    public async Task AbandonAsync(Guid tenantId, Guid runId, string actor, CancellationToken ct)
    {
        var run = await runs.FindAsync(tenantId, runId, ct) ?? throw new NotFoundException($"Sync run {runId}");
        var now = clock.GetUtcNow();
        run.EnsureOpen(now, limits);
        await runs.SettleAsync(run, run.Settled(SyncRunStatus.Abandoned, now), null, ct);
        Changed(tenantId);
        logger.LogInformation("Tenant {TenantId}: {Actor} abandoned run {RunId} ({Pages} pages, {Objects} objects)", tenantId, actor, run.Id, run.Pages, run.ObjectCount);
    }

    /// <summary>Open runs not committed within <see cref="SyncRunLimits.Timeout"/> of their last page: abandoned, pages removed.</summary>
    public async Task<int> AbandonExpiredAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var abandoned = await runs.AbandonExpiredAsync(now - limits.Timeout, now, ct);
        if (abandoned > 0) logger.LogInformation("{Count} sync runs not committed within {Timeout} were abandoned and their pages removed", abandoned, limits.Timeout);
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
            logger.LogWarning(e, "Tenant {TenantId}: run {RunId} of a refused batch could not be abandoned; the run timeout will", tenantId, runId);
        }
    }

    /// <summary>Open pages showing the tenant's runs follow their pages as they arrive.</summary>
    private void Changed(Guid tenantId) => feed?.Publish(new Changes.DirectoryChange(tenantId, Changes.ChangeKind.SyncRun));

    private static List<StagedObject> Staged(SyncRun run, IReadOnlyList<IncomingObject?> objects) =>
        objects.Select((o, i) => new StagedObject(run.ObjectCount + i, o!)).ToList();
}
