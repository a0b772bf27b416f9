using System.Diagnostics;
using AdminPortal.ActiveDirectory;
using AdminPortal.ActiveDirectory.Ldap;
using AdminPortal.SyncRules.Sync;
using Microsoft.Extensions.Logging;

namespace AdminPortal.SyncAgent;

/// <summary>What one cycle did: entries read, objects sent, skipped, and the service's counts (null when it held the export for review).</summary>
public sealed record CycleOutcome(int Read, int Sent, int Skipped, OutcomeCounts? Counts, string? HeldForReview);

/// <summary>One cycle failed; the message is one line that names what.</summary>
public sealed class CycleFailedException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// One cycle of the agent: the directory read over LDAP through the pre-flight's own mapping and skip rules, and sent to
/// the sync API as a full export in a sync run, page by page as it is read (the agent never holds the directory), then
/// committed — as any sync client sends it (<see cref="SyncApiClient"/>: retries on 5xx, 429 and network errors, never
/// on another 4xx). A 409 of the deletion guard is reported, not retried: the export waits for an admin's review, as
/// Connect's does. A cycle that fails after opening its run abandons it.
/// </summary>
public sealed class SyncCycle(AgentSettings settings, HttpClient http, ILogger<SyncCycle> logger, TimeProvider? clock = null)
{
    public int Attempts { get; init; } = 5;
    public TimeSpan FirstBackOff { get; init; } = TimeSpan.FromSeconds(2);
    /// <summary>Objects per page of the run: the service's default most (Sync:MaxPageObjects).</summary>
    public int PageObjects { get; init; } = 5_000;

    public async Task<CycleOutcome> RunAsync(CancellationToken ct)
    {
        var started = Stopwatch.StartNew();
        var api = new SyncApiClient(settings, http, logger, clock ?? TimeProvider.System) { Attempts = Attempts, FirstBackOff = FirstBackOff };
        using var directory = Connect();
        var run = await api.OpenRunAsync("full", ct);
        var (read, sent, skipped) = (0, 0, 0);
        CommitAnswer answer;
        try
        {
            var page = new List<IncomingObject>(PageObjects);
            foreach (var entry in Read(directory))
            {
                read++;
                var mapped = EntryMapping.Map(entry);
                if (mapped.Object is not { } o) { skipped++; logger.LogDebug("Skipped {Dn}: {Reason}", entry.Dn, mapped.SkippedBecause); continue; }
                page.Add(o);
                if (page.Count < PageObjects) continue;
                await api.SendPageAsync(run, page, sent, ct);
                (sent, page) = (sent + page.Count, new List<IncomingObject>(PageObjects));
            }
            if (page.Count > 0) await api.SendPageAsync(run, page, sent, ct);
            sent += page.Count;
            logger.LogInformation("Read {Read} entries from {Directory}: {Sent} objects sent in run {Run}, {Skipped} skipped", read, settings.Directory.Url, sent, run, skipped);
            answer = await api.CommitAsync(run, ct);
        }
        catch (Exception e) when (e is CycleFailedException or OperationCanceledException)
        {
            await api.AbandonQuietlyAsync(run);
            throw;
        }
        if (answer.HeldForReview is { } held)
            logger.LogWarning("The export would delete more than the deletion guard allows; the service holds it for an admin's review as {Held}", held);
        var outcome = new CycleOutcome(read, sent, skipped, answer.Counts, answer.HeldForReview);
        logger.LogInformation("Cycle done in {Seconds:F1} s: {Sent} objects sent, counts {Counts}{Held}", started.Elapsed.TotalSeconds, outcome.Sent,
            outcome.Counts, outcome.HeldForReview is null ? "" : $", held for review as {outcome.HeldForReview}");
        return outcome;
    }

    private LdapDirectory Connect()
    {
        try { return LdapDirectory.Connect(settings.Directory); }
        catch (DirectoryUnavailableException e) { throw new CycleFailedException(e.Message, e); }
    }

    /// <summary>The directory's entries as its paged search returns them; a directory lost half-way fails the cycle in one line.</summary>
    private static IEnumerable<DirectoryEntry> Read(LdapDirectory directory)
    {
        using var entries = directory.ReadObjects().GetEnumerator();
        while (true)
        {
            try { if (!entries.MoveNext()) yield break; }
            catch (DirectoryUnavailableException e) { throw new CycleFailedException(e.Message, e); }
            yield return entries.Current;
        }
    }
}
