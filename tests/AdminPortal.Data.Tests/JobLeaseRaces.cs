using AdminPortal.Data.Stores;
using AdminPortal.TestSupport;

namespace AdminPortal.Data.Tests;

/// <summary>
/// Background work runs once across instances: two hosts over one database ask for the same job's lease again and again,
/// concurrently; exactly one holds it, it keeps it, and when it dies the other takes it over at its next ask.
/// </summary>
public abstract class JobLeaseRaces(DatabaseProvider provider) : IAsyncLifetime
{
    private PortalDbContextFactory factory = null!;

    public async Task InitializeAsync() => factory = await TestDatabases.NewMigratedAsync(provider);

    public Task DisposeAsync() => Task.CompletedTask;

    [ProviderFact]
    public async Task One_of_two_hosts_holds_a_job_and_the_other_takes_it_over_when_the_holder_dies()
    {
        var a = new DatabaseJobLeases(new PortalDbContextFactory(factory.Settings));
        await using var b = new DatabaseJobLeases(new PortalDbContextFactory(factory.Settings));

        // Both ask at once, many times: one wins every time, never both.
        for (var round = 0; round < 20; round++)
        {
            var answers = await Task.WhenAll(a.HoldAsync("fixup", default), b.HoldAsync("fixup", default));
            Assert.Equal(1, answers.Count(held => held));
        }
        var holder = await a.HoldAsync("fixup", default) ? a : b;
        var other = holder == a ? b : a;
        Assert.True(await holder.HoldAsync("fixup", default));
        Assert.False(await other.HoldAsync("fixup", default));
        // Another job is another lease.
        Assert.True(await other.HoldAsync("sync-run-expiry", default));

        // The holder dies (its connection ends with it): the other takes the job over at its next ask.
        await holder.DisposeAsync();
        Assert.True(await other.HoldAsync("fixup", default));
        if (holder == b) await a.DisposeAsync();
    }
}

public sealed class JobLeaseRacesOnPostgres() : JobLeaseRaces(DatabaseProvider.Postgres);

[SqlServer]
public sealed class JobLeaseRacesOnSqlServer() : JobLeaseRaces(DatabaseProvider.SqlServer);
