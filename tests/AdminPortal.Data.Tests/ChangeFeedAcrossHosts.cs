using System.Collections.Concurrent;
using AdminPortal.Data.Changes;
using AdminPortal.SyncRules.Changes;
using AdminPortal.TestSupport;
using Npgsql;

namespace AdminPortal.Data.Tests;

/// <summary>
/// The change feed across instances on PostgreSQL: a change published on one host reaches the pages of another within
/// two seconds; a host whose listening connection is cut listens again and tells its pages to reload.
/// </summary>
public sealed class ChangeFeedAcrossHosts : IAsyncLifetime
{
    private PortalDbContextFactory factory = null!;
    private PostgresChangeFeed a = null!, b = null!;

    public async Task InitializeAsync()
    {
        factory = await TestDatabases.NewMigratedAsync(DatabaseProvider.Postgres);
        a = Host("host-a");
        b = Host("host-b");
        await Task.WhenAll(a.Listening, b.Listening).WaitAsync(TimeSpan.FromSeconds(30));
    }

    public async Task DisposeAsync()
    {
        await a.DisposeAsync();
        await b.DisposeAsync();
    }

    private PostgresChangeFeed Host(string name) => new(new PortalDbContextFactory(factory.Settings with
    {
        ConnectionString = new NpgsqlConnectionStringBuilder(factory.Settings.ConnectionString) { ApplicationName = name }.ConnectionString,
    }));

    private static async Task<DirectoryChange> NextAsync(BlockingCollection<DirectoryChange> seen, Func<DirectoryChange, bool> wanted, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (DateTime.UtcNow < deadline)
        {
            if (seen.TryTake(out var change, 50) && wanted(change)) return change;
            await Task.Yield();
        }
        throw new TimeoutException($"No such change within {within.TotalSeconds} s.");
    }

    [Fact]
    public async Task A_change_on_one_host_reaches_the_other_within_two_seconds_and_its_own_pages_too()
    {
        using var onB = new BlockingCollection<DirectoryChange>();
        using var onA = new BlockingCollection<DirectoryChange>();
        using var _ = b.Subscribe(onB.Add);
        using var __ = a.Subscribe(onA.Add);
        var tenant = Guid.NewGuid();

        a.Publish(new DirectoryChange(tenant, ChangeKind.SyncBatch));
        Assert.Equal(new DirectoryChange(tenant, ChangeKind.SyncBatch), await NextAsync(onB, c => c.TenantId == tenant, TimeSpan.FromSeconds(2)));
        Assert.Equal(new DirectoryChange(tenant, ChangeKind.SyncBatch), await NextAsync(onA, c => c.TenantId == tenant, TimeSpan.FromSeconds(2)));
        b.Publish(new DirectoryChange(null, ChangeKind.AccessKey));
        Assert.Equal(ChangeKind.AccessKey, (await NextAsync(onA, c => c.Kind == ChangeKind.AccessKey, TimeSpan.FromSeconds(2))).Kind);
    }

    [Fact]
    public async Task A_host_whose_connection_is_cut_listens_again_and_tells_its_pages_to_reload()
    {
        using var onB = new BlockingCollection<DirectoryChange>();
        using var _ = b.Subscribe(onB.Add);
        await using (var admin = new NpgsqlConnection(factory.Settings.ConnectionString))
        {
            await admin.OpenAsync();
            await using var cut = new NpgsqlCommand(
                $"SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = 'host-b' AND query = 'LISTEN {PostgresChangeFeed.Channel}'", admin);
            Assert.Equal(1L, await cut.ExecuteScalarAsync());
        }
        Assert.Equal(new DirectoryChange(null, ChangeKind.Resync), await NextAsync(onB, c => c.Kind == ChangeKind.Resync, TimeSpan.FromSeconds(15)));

        var tenant = Guid.NewGuid();
        a.Publish(new DirectoryChange(tenant, ChangeKind.Fixup));
        Assert.Equal(tenant, (await NextAsync(onB, c => c.TenantId == tenant, TimeSpan.FromSeconds(2))).TenantId);
    }
}
