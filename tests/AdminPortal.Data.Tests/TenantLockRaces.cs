using System.Diagnostics;
using AdminPortal.Data.Stores;
using AdminPortal.SyncRules.Sync;
using AdminPortal.TestSupport;
using Npgsql;

namespace AdminPortal.Data.Tests;

/// <summary>
/// The tenant's write lock across instances: two hosts over one database (each with its own in-process locks, as two
/// processes have) take turns per tenant and not across tenants, and a holder that dies lets the lock go.
/// </summary>
public abstract class TenantLockRaces(DatabaseProvider provider) : IAsyncLifetime
{
    private PortalDbContextFactory factory = null!;

    public async Task InitializeAsync() => factory = await TestDatabases.NewMigratedAsync(provider);

    public Task DisposeAsync() => Task.CompletedTask;

    private DatabaseTenantLocks Host() => new(new PortalDbContextFactory(factory.Settings), new TenantLocks());

    [ProviderFact]
    public async Task Two_hosts_take_turns_for_one_tenant_and_not_for_two()
    {
        var (a, b) = (Host(), Host());
        var (tenant, other) = (Guid.NewGuid(), Guid.NewGuid());
        var held = await a.AcquireAsync(tenant, default);
        var waiting = b.AcquireAsync(tenant, default);
        // Another tenant's writer is not held up by this one.
        await (await b.AcquireAsync(other, default).WaitAsync(TimeSpan.FromSeconds(10))).DisposeAsync();
        await Task.Delay(500);
        Assert.False(waiting.IsCompleted, "the second host got the tenant's lock while the first held it");
        await held.DisposeAsync();
        await (await waiting.WaitAsync(TimeSpan.FromSeconds(10))).DisposeAsync();
    }

    [ProviderFact]
    public async Task Many_writers_on_two_hosts_never_overlap()
    {
        var hosts = new[] { Host(), Host() };
        var tenant = Guid.NewGuid();
        var inside = 0;
        var overlaps = 0;
        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(async () =>
        {
            await using var _ = await hosts[i % 2].AcquireAsync(tenant, default);
            if (Interlocked.Increment(ref inside) != 1) Interlocked.Increment(ref overlaps);
            await Task.Delay(5);
            Interlocked.Decrement(ref inside);
        })));
        Assert.Equal(0, overlaps);
    }

    [ProviderFact]
    public async Task A_waiter_that_gives_up_leaves_the_lock_to_the_next()
    {
        var (a, b) = (Host(), Host());
        var tenant = Guid.NewGuid();
        var held = await a.AcquireAsync(tenant, default);
        using var give = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => b.AcquireAsync(tenant, give.Token));
        await held.DisposeAsync();
        await (await b.AcquireAsync(tenant, default).WaitAsync(TimeSpan.FromSeconds(10))).DisposeAsync();
    }
}

public sealed class TenantLockRacesOnPostgres() : TenantLockRaces(DatabaseProvider.Postgres)
{
    /// <summary>
    /// An instance killed while it holds a tenant (kill -9, nothing released): the database ends its session and the
    /// lock with it, and the other instance goes on. The holder is psql, a process of its own holding the same lock.
    /// </summary>
    [Fact]
    public async Task A_holder_killed_lets_the_lock_go()
    {
        var settings = TestDatabases.NewSettings(DatabaseProvider.Postgres);
        var factory = new PortalDbContextFactory(settings);
        await new DatabaseInitializer(factory).MigrateAsync();
        var tenant = Guid.NewGuid();
        var (first, second) = DatabaseTenantLocks.PostgresKeys(tenant);
        var cs = new NpgsqlConnectionStringBuilder(settings.ConnectionString);
        var start = new ProcessStartInfo(PostgresServer.Program("psql"))
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        foreach (var a in new[] { "-h", cs.Host!, "-p", cs.Port.ToString(), "-U", "postgres", "-d", cs.Database!, "-q", "-v", "ON_ERROR_STOP=1" })
            start.ArgumentList.Add(a);
        using var holder = Process.Start(start)!;
        try
        {
            // psql takes the lock and then idles, its session open, as an instance between two statements does.
            await holder.StandardInput.WriteLineAsync($"SELECT pg_advisory_lock({first}, {second});");
            await holder.StandardInput.FlushAsync();
            await WaitUntilAsync(async () => await AdvisoryLocks.HolderAsync(settings.ConnectionString, (first, second)) is not null);

            var waiting = new DatabaseTenantLocks(factory, new TenantLocks()).AcquireAsync(tenant, default);
            await Task.Delay(500);
            Assert.False(waiting.IsCompleted, "the lock was granted while psql held it");
            holder.Kill(entireProcessTree: true);
            await (await waiting.WaitAsync(TimeSpan.FromSeconds(20))).DisposeAsync();
        }
        finally
        {
            if (!holder.HasExited) holder.Kill(entireProcessTree: true);
        }
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(20)) throw new TimeoutException("psql did not take the lock");
            await Task.Delay(50);
        }
    }
}

[SqlServer]
public sealed class TenantLockRacesOnSqlServer() : TenantLockRaces(DatabaseProvider.SqlServer);
