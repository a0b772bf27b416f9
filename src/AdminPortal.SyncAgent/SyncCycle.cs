using System.Diagnostics;
using AdminPortal.ActiveDirectory.Ldap;
using AdminPortal.SyncRules.Sync;
using Microsoft.Extensions.Logging;

namespace AdminPortal.SyncAgent;

/// <summary>
/// What one cycle did: full export or delta, entries read, objects sent (deletions among them), skipped, and the
/// service's counts — null when nothing needed sending, or when the service held the export for review.
/// </summary>
public sealed record CycleOutcome(string Mode, int Read, int Sent, int Deletions, int Skipped, OutcomeCounts? Counts, string? HeldForReview)
{
    /// <summary>The interval an admin asked of the client (customerRequestedSynchronizationInterval), kept instead of Agent:Interval.</summary>
    public TimeSpan? RequestedInterval { get; init; }
}

/// <summary>One cycle failed; the message is one line that names what.</summary>
public sealed class CycleFailedException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// One cycle of the agent: the directory read over LDAP through the pre-flight's own mapping and skip rules and sent to
/// the sync API in a sync run, page by page as it is read (the agent never holds the directory), then committed — as
/// any sync client sends it (<see cref="SyncApiClient"/>: retries on 5xx, 429 and network errors, never on another 4xx).
/// The first cycle is a full export; later ones are deltas: what changed since the watermark (uSNChanged), and the
/// deletions of what was sent before and is now deleted (tombstones, through the Show Deleted control) or out of scope.
/// The watermark is stored only once the service accepted the export. A 409 of the deletion guard is reported, not
/// retried, and the watermark stays: the export waits for an admin's review, as Connect's does, and the next cycle
/// sends its changes again. A cycle that fails after opening its run abandons it.
/// </summary>
public sealed class SyncCycle(AgentSettings settings, HttpClient http, ILogger<SyncCycle> logger, TimeProvider? clock = null)
{
    public int Attempts { get; init; } = 5;
    public TimeSpan FirstBackOff { get; init; } = TimeSpan.FromSeconds(2);
    /// <summary>Objects per page of the run: the service's default most (Sync:MaxPageObjects).</summary>
    public int PageObjects { get; init; } = 5_000;
    /// <summary>How often, while the service commits the run, the log says how far it has got.</summary>
    public TimeSpan CommitReportEvery { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>One cycle: a delta when the state allows one, else (or when <paramref name="full"/>) a full export.</summary>
    public async Task<CycleOutcome> RunAsync(CancellationToken ct, bool full = false)
    {
        var started = Stopwatch.StartNew();
        var api = new SyncApiClient(settings, http, logger, clock ?? TimeProvider.System) { Attempts = Attempts, FirstBackOff = FirstBackOff, CommitReportEvery = CommitReportEvery };
        var stateFile = new AgentStateFile(settings.StateDirectory, settings.TenantId, logger);
        var scope = AgentState.ScopeOf(settings);
        using var directory = Directory(() => LdapDirectory.Connect(settings.Directory));
        // Read first: whatever changes from here on is read again by the next cycle.
        var position = Directory(directory.ReadPosition);
        var previous = full ? null : stateFile.Load(scope, position);
        var mode = previous is null ? "full" : "delta";
        var export = new CycleExport(api, mode, PageObjects, previous, logger);
        CommitAnswer? answer = null;
        try
        {
            foreach (var entry in Read(directory.ReadObjects(changedAfter: previous?.Usn))) await export.EntryAsync(entry, ct);
            if (previous is not null)
            {
                foreach (var guid in Read(directory.ReadChangedAnywhere(position, previous.Usn))) await export.GoneAsync(guid, ct);
                foreach (var guid in Read(directory.ReadDeleted(position, previous.Usn))) await export.GoneAsync(guid, ct);
            }
            await export.FinishAsync(ct);
            logger.LogInformation("Read {Read} entries from {Directory} ({Mode}): {Sent} objects to send, {Deletions} of them deletions, {Skipped} skipped",
                export.Read, settings.Directory.Url, mode, export.Sent, export.Deletions, export.Skipped);
            if (export.Run is { } run) answer = await api.CommitAsync(run, ct);
        }
        catch (Exception e) when (e is CycleFailedException or OperationCanceledException)
        {
            if (export.Run is { } run) await api.AbandonQuietlyAsync(run);
            throw;
        }
        var connectorSpace = previous?.Objects.Count ?? 0;
        if (answer?.HeldForReview is { } held)
            logger.LogWarning("The export would delete more than the deletion guard allows; the service holds it for an admin's review as {Held}. " +
                              "The watermark stays: the next cycle sends these changes again", held);
        else
        {
            var accepted = export.Accepted();
            Store(stateFile, new AgentState(scope, position.InvocationId, position.Usn, accepted));
            connectorSpace = accepted.Count;
        }
        var outcome = new CycleOutcome(mode, export.Read, export.Sent, export.Deletions, export.Skipped, answer?.Counts, answer?.HeldForReview);
        outcome = outcome with { RequestedInterval = await ReportAsync(api, outcome, connectorSpace, ct) };
        logger.LogInformation("Cycle done in {Seconds:F1} s ({Mode}): {Sent} objects sent, counts {Counts}{Held}", started.Elapsed.TotalSeconds, mode, outcome.Sent,
            outcome.Counts, outcome.HeldForReview is null ? "" : $", held for review as {outcome.HeldForReview}");
        return outcome;
    }

    /// <summary>The client's report after the cycle; one that fails is logged, not a failed cycle (the export is in).</summary>
    private async Task<TimeSpan?> ReportAsync(SyncApiClient api, CycleOutcome outcome, int connectorSpace, CancellationToken ct)
    {
        try { return await api.ReportAsync(ClientReport.Of(settings, outcome, connectorSpace), ClientReport.Features, ct); }
        catch (CycleFailedException e)
        {
            logger.LogWarning("The cycle's report to the service failed ({Reason}); the dashboard shows the previous one", e.Message);
            return null;
        }
    }

    private static void Store(AgentStateFile file, AgentState state)
    {
        try { file.Save(state); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CycleFailedException($"The service accepted the export, but the watermark could not be stored in {file.Path} ({e.Message}); " +
                                           "the next cycle sends the same changes again.", e);
        }
    }

    /// <summary>A call to the directory; its failure fails the cycle in one line.</summary>
    private static T Directory<T>(Func<T> read)
    {
        try { return read(); }
        catch (DirectoryUnavailableException e) { throw new CycleFailedException(e.Message, e); }
    }

    /// <summary>A paged search's answers as they arrive; a directory lost half-way fails the cycle in one line.</summary>
    private static IEnumerable<T> Read<T>(IEnumerable<T> answers)
    {
        using var entries = answers.GetEnumerator();
        while (true)
        {
            try { if (!entries.MoveNext()) yield break; }
            catch (DirectoryUnavailableException e) { throw new CycleFailedException(e.Message, e); }
            yield return entries.Current;
        }
    }
}
