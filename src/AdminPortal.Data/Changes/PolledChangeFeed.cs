using System.Data.Common;
using AdminPortal.Data.Rows;
using AdminPortal.SyncRules.Changes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AdminPortal.Data.Changes;

/// <summary>
/// The change feed across instances where the database has no notifications of its own (SQL Server): a change is a
/// row of ChangeNotices, and every instance — this one too — asks for the rows after the last it saw, twice a second.
/// Rows are numbered when written, not when committed, so a lower number can still appear a moment after a higher one
/// was read: each poll looks again at what came in during the last few seconds and skips what it already handed on.
/// Notices older than a minute are removed by whichever instance polls.
/// </summary>
public sealed class PolledChangeFeed : ChangeFeedAcrossInstances
{
    /// <summary>Longer than a one-row insert takes from its number to its commit.</summary>
    private static readonly TimeSpan Settling = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Kept = TimeSpan.FromMinutes(1);
    private readonly PortalDbContextFactory factory;
    private readonly TimeProvider clock;
    private readonly TimeSpan interval;

    public PolledChangeFeed(PortalDbContextFactory factory, ILogger<PolledChangeFeed>? log = null, TimeProvider? clock = null, TimeSpan? interval = null)
        : base(log ?? NullLogger<PolledChangeFeed>.Instance)
    {
        (this.factory, this.clock, this.interval) = (factory, clock ?? TimeProvider.System, interval ?? TimeSpan.FromMilliseconds(500));
        StartReceiving();
    }

    protected override async Task AnnounceAsync(DirectoryChange change, CancellationToken ct)
    {
        await using var db = factory.CreateDbContext();
        db.ChangeNotices.Add(new ChangeNoticeRow
        {
            TenantId = change.TenantId, Kind = change.Kind.ToString(), Commit = change.Commit is { } commit ? CommitStatusText.Write(commit) : null,
            OccurredDateTime = clock.GetUtcNow(),
        });
        await db.SaveChangesAsync(ct);
    }

    protected override async Task ReceiveAsync()
    {
        long? settled = null;                      // every notice up to this number has been handed on, or was before this instance
        var handed = new Dictionary<long, long>(); // notices after it already handed on, with when they were first seen
        long? pruned = null;
        while (!Stopping.IsCancellationRequested)
        {
            try
            {
                await using var db = factory.CreateDbContext();
                // The first poll starts from now: what was announced before this instance started is not news to its pages.
                settled ??= await db.ChangeNotices.MaxAsync(n => (long?)n.Id, Stopping.Token) ?? 0;
                var notices = await db.ChangeNotices.AsNoTracking().Where(n => n.Id > settled).OrderBy(n => n.Id)
                    .Select(n => new { n.Id, n.TenantId, n.Kind, n.Commit }).ToListAsync(Stopping.Token);
                Receiving();
                var now = clock.GetTimestamp();
                foreach (var notice in notices.Where(n => handed.TryAdd(n.Id, now)))
                    if (Enum.TryParse<ChangeKind>(notice.Kind, out var kind)) Deliver(new DirectoryChange(notice.TenantId, kind, CommitStatusText.Read(notice.Commit)));
                // A notice seen a while ago can no longer be overtaken by a lower number: everything up to it is settled.
                foreach (var id in handed.Where(h => clock.GetElapsedTime(h.Value, now) >= Settling).Select(h => h.Key).ToList())
                {
                    settled = Math.Max(settled.Value, id);
                    handed.Remove(id);
                }
                if (pruned is null || clock.GetElapsedTime(pruned.Value, now) >= Kept / 2)
                {
                    var old = clock.GetUtcNow() - Kept;
                    await db.ChangeNotices.Where(n => n.OccurredDateTime < old).ExecuteDeleteAsync(Stopping.Token);
                    pruned = now;
                }
            }
            catch (OperationCanceledException) when (Stopping.IsCancellationRequested) { return; }
            catch (Exception e) when (e is DbException or InvalidOperationException or TimeoutException) { Lost(e); }
            try { await Task.Delay(interval, clock, Stopping.Token); } catch (OperationCanceledException) { return; }
        }
    }
}
