using System.Collections.Concurrent;
using AdminPortal.Data.Changes;
using AdminPortal.SyncRules.Changes;
using AdminPortal.SyncRules.Sync;
using AdminPortal.TestSupport;
using Npgsql;

namespace AdminPortal.Data.Tests;

/// <summary>
/// A change feed across instances, each kind on its databases: two hosts over one database, a change published on one
/// reaches the other's pages within two seconds, and its own, once.
/// </summary>
public abstract class ChangeFeedAcrossHosts(DatabaseProvider provider) : IAsyncLifetime
{
    protected DatabaseProvider Provider { get; } = provider;
    protected PortalDbContextFactory Factory { get; private set; } = null!;
    protected ChangeFeedAcrossInstances A { get; private set; } = null!;
    protected ChangeFeedAcrossInstances B { get; private set; } = null!;

    /// <summary>A host's feed over <see cref="Factory"/>'s database, its sessions named <paramref name="name"/>.</summary>
    protected abstract ChangeFeedAcrossInstances Host(string name);

    public async Task InitializeAsync()
    {
        Factory = await TestDatabases.NewMigratedAsync(Provider);
        (A, B) = (Host("host-a"), Host("host-b"));
        await Task.WhenAll(A.Listening, B.Listening).WaitAsync(TimeSpan.FromSeconds(30));
    }

    public async Task DisposeAsync()
    {
        await A.DisposeAsync();
        await B.DisposeAsync();
    }

    protected static async Task<DirectoryChange> NextAsync(BlockingCollection<DirectoryChange> seen, Func<DirectoryChange, bool> wanted, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (DateTime.UtcNow < deadline)
        {
            if (seen.TryTake(out var change, 50) && wanted(change)) return change;
            await Task.Yield();
        }
        throw new TimeoutException($"No such change within {within.TotalSeconds} s.");
    }

    [ProviderFact]
    public async Task A_change_on_one_host_reaches_the_other_within_two_seconds_once_and_its_own_pages_too()
    {
        using var onB = new BlockingCollection<DirectoryChange>();
        using var onA = new BlockingCollection<DirectoryChange>();
        using var _ = B.Subscribe(onB.Add);
        using var __ = A.Subscribe(onA.Add);
        var tenant = Guid.NewGuid();

        A.Publish(new DirectoryChange(tenant, ChangeKind.SyncBatch));
        Assert.Equal(new DirectoryChange(tenant, ChangeKind.SyncBatch), await NextAsync(onB, c => c.TenantId == tenant, TimeSpan.FromSeconds(2)));
        Assert.Equal(new DirectoryChange(tenant, ChangeKind.SyncBatch), await NextAsync(onA, c => c.TenantId == tenant, TimeSpan.FromSeconds(2)));
        B.Publish(new DirectoryChange(null, ChangeKind.AccessKey));
        Assert.Equal(ChangeKind.AccessKey, (await NextAsync(onA, c => c.Kind == ChangeKind.AccessKey, TimeSpan.FromSeconds(2))).Kind);

        // Nothing is handed on twice (the polled feed looks again at the last seconds' notices each time).
        await Task.Delay(1_000);
        Assert.DoesNotContain(onB.ToArray(), c => c.TenantId == tenant);
    }

    [ProviderFact]
    public async Task A_commit_under_way_on_one_host_is_shown_by_the_other_with_how_far_it_has_got_and_not_once_it_ended()
    {
        using var onA = new CommitProgress(TimeProvider.System, A);
        using var onB = new CommitProgress(TimeProvider.System, B);
        var (tenant, run) = (Guid.NewGuid(), Guid.NewGuid());

        onA.Start(tenant, run, 1_000_000);
        onA.Wrote(run, 250_000);
        // Within the announcing interval and the feed's own delay.
        var heard = await EventuallyAsync(() => onB.Of(run) is { Written: 250_000 } s ? s : null, CommitProgress.Interval + TimeSpan.FromSeconds(2));
        Assert.Equal((1_000_000, false), (heard.Objects, heard.Ended));
        Assert.Equal(onA.Of(run)!.Started.ToUnixTimeMilliseconds(), heard.Started.ToUnixTimeMilliseconds());

        onA.End(run);
        await EventuallyAsync(() => onB.Of(run) is null ? "ended" : null, TimeSpan.FromSeconds(2));
    }

    private static async Task<T> EventuallyAsync<T>(Func<T?> probe, TimeSpan within) where T : class
    {
        var deadline = DateTime.UtcNow + within;
        for (;; await Task.Delay(20))
            if (probe() is { } value) return value;
            else if (DateTime.UtcNow > deadline) throw new TimeoutException($"Not so within {within.TotalSeconds} s.");
    }
}

/// <summary>PostgreSQL's LISTEN/NOTIFY feed; a host whose listening connection is cut listens again and tells its pages to reload.</summary>
public sealed class ListenNotifyFeedAcrossHosts() : ChangeFeedAcrossHosts(DatabaseProvider.Postgres)
{
    protected override ChangeFeedAcrossInstances Host(string name) => new PostgresChangeFeed(new PortalDbContextFactory(Factory.Settings with
    {
        ConnectionString = new NpgsqlConnectionStringBuilder(Factory.Settings.ConnectionString) { ApplicationName = name }.ConnectionString,
    }));

    [Fact]
    public async Task A_host_whose_connection_is_cut_listens_again_and_tells_its_pages_to_reload()
    {
        using var onB = new BlockingCollection<DirectoryChange>();
        using var _ = B.Subscribe(onB.Add);
        await using (var admin = new NpgsqlConnection(Factory.Settings.ConnectionString))
        {
            await admin.OpenAsync();
            await using var cut = new NpgsqlCommand(
                $"SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = 'host-b' AND query = 'LISTEN {PostgresChangeFeed.Channel}'", admin);
            Assert.Equal(1L, await cut.ExecuteScalarAsync());
        }
        Assert.Equal(new DirectoryChange(null, ChangeKind.Resync), await NextAsync(onB, c => c.Kind == ChangeKind.Resync, TimeSpan.FromSeconds(15)));

        var tenant = Guid.NewGuid();
        A.Publish(new DirectoryChange(tenant, ChangeKind.Fixup));
        Assert.Equal(tenant, (await NextAsync(onB, c => c.TenantId == tenant, TimeSpan.FromSeconds(2))).TenantId);
    }
}
