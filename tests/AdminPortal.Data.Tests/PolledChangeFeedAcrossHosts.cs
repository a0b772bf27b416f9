using System.Collections.Concurrent;
using AdminPortal.Data.Changes;
using AdminPortal.Data.Rows;
using AdminPortal.SyncRules.Changes;
using AdminPortal.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace AdminPortal.Data.Tests;

/// <summary>
/// The polled change feed (SQL Server's, which has no notifications; it is plain SQL, so it runs on each database): a
/// notice numbered before one already seen but committed after it is not lost; old notices are removed.
/// </summary>
public abstract class PolledChangeFeedAcrossHosts(DatabaseProvider provider) : ChangeFeedAcrossHosts(provider)
{
    protected override ChangeFeedAcrossInstances Host(string name) => new PolledChangeFeed(new PortalDbContextFactory(Factory.Settings), interval: TimeSpan.FromMilliseconds(100));

    [ProviderFact]
    public async Task A_notice_numbered_before_one_already_seen_but_written_after_it_still_arrives()
    {
        using var onB = new BlockingCollection<DirectoryChange>();
        using var _ = B.Subscribe(onB.Add);
        var (early, late) = (Guid.NewGuid(), Guid.NewGuid());
        // Two notices as two concurrent writers leave them: the higher number visible first, the lower one a moment later.
        await using (var db = Factory.CreateDbContext())
        {
            var max = await db.ChangeNotices.MaxAsync(n => (long?)n.Id) ?? 0;
            await InsertAsync(db, max + 10, late);
            Assert.Equal(late, (await NextAsync(onB, c => c.TenantId == late, TimeSpan.FromSeconds(2))).TenantId);
            await InsertAsync(db, max + 5, early);
        }
        Assert.Equal(early, (await NextAsync(onB, c => c.TenantId == early, TimeSpan.FromSeconds(2))).TenantId);
    }

    [ProviderFact]
    public async Task Notices_older_than_a_minute_are_removed_by_the_next_host_to_poll()
    {
        var old = Guid.NewGuid();
        await using (var db = Factory.CreateDbContext())
        {
            db.ChangeNotices.Add(new ChangeNoticeRow { TenantId = old, Kind = nameof(ChangeKind.Fixup), OccurredDateTime = DateTimeOffset.UtcNow.AddMinutes(-2) });
            await db.SaveChangesAsync();
        }
        await using var started = Host("host-c");
        await started.Listening.WaitAsync(TimeSpan.FromSeconds(30));
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (await CountAsync(old) > 0 && DateTime.UtcNow < deadline) await Task.Delay(100);
        Assert.Equal(0, await CountAsync(old));
    }

    private async Task<int> CountAsync(Guid tenant)
    {
        await using var db = Factory.CreateDbContext();
        return await db.ChangeNotices.CountAsync(n => n.TenantId == tenant);
    }

    /// <summary>A notice with the number given (as the database would have given it to a writer still committing).</summary>
    private async Task InsertAsync(PortalDbContext db, long id, Guid tenant)
    {
        var row = new ChangeNoticeRow { Id = id, TenantId = tenant, Kind = nameof(ChangeKind.SyncBatch), OccurredDateTime = DateTimeOffset.UtcNow };
        if (Provider == DatabaseProvider.SqlServer)
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            await db.Database.ExecuteSqlRawAsync("SET IDENTITY_INSERT [ChangeNotices] ON");
            db.ChangeNotices.Add(row);
            await db.SaveChangesAsync();
            await db.Database.ExecuteSqlRawAsync("SET IDENTITY_INSERT [ChangeNotices] OFF");
            await tx.CommitAsync();
        }
        else
        {
            db.ChangeNotices.Add(row);
            await db.SaveChangesAsync();
        }
        db.ChangeTracker.Clear();
    }
}

public sealed class PolledChangeFeedAcrossHostsOnSqlite() : PolledChangeFeedAcrossHosts(DatabaseProvider.Sqlite);

public sealed class PolledChangeFeedAcrossHostsOnPostgres() : PolledChangeFeedAcrossHosts(DatabaseProvider.Postgres);

[SqlServer]
public sealed class PolledChangeFeedAcrossHostsOnSqlServer() : PolledChangeFeedAcrossHosts(DatabaseProvider.SqlServer);
