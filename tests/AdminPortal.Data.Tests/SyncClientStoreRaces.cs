using AdminPortal.Data.Stores;
using AdminPortal.SyncRules.SyncClients;
using AdminPortal.SyncRules.Tenants;
using AdminPortal.TestSupport;

namespace AdminPortal.Data.Tests;

/// <summary>
/// The sync client's row under concurrent writers: the first report and an admin's interval racing on a tenant that
/// has no row yet both stay; neither is refused nor lost. Two services over two stores stand for two processes.
/// </summary>
public abstract class SyncClientStoreRaces(DatabaseProvider provider) : IAsyncLifetime
{
    private PortalDbContextFactory factory = null!;

    public async Task InitializeAsync() => factory = await TestDatabases.NewMigratedAsync(provider);

    public Task DisposeAsync() => Task.CompletedTask;

    private SyncClientService NewService() => new(new SyncClientStore(factory), new TenantService(new TenantStore(factory), TimeProvider.System), TimeProvider.System);

    private static SyncClientReportRequest Report(int n) => new()
    {
        SynchronizationClientVersion = $"agent {n}", SynchronizationInterval = "PT30M",
        CurrentExportData = new CurrentExportDataRequest { ClientMachineName = $"DC{n}", TotalConnectorSpaceObjects = n },
    };

    [ProviderFact]
    public async Task A_first_report_and_an_admins_interval_racing_both_stay()
    {
        var tenants = new TenantService(new TenantStore(factory), TimeProvider.System);
        for (var t = 0; t < 20; t++)
        {
            var tenant = await tenants.CreateAsync(new NewTenant($"Race {t}", $"race{t}.onmicrosoft.com", DateTimeOffset.UtcNow, []), "setup", default);
            var start = new TaskCompletionSource();
            var report = Task.Run(async () => { await start.Task; await NewService().ReportAsync(tenant.Id, Report(t), "key:agent", default); });
            var interval = Task.Run(async () => { await start.Task; await NewService().RequestIntervalAsync(tenant.Id, TimeSpan.FromHours(t + 1), "alice", default); });
            start.SetResult();
            await Task.WhenAll(report, interval);

            var status = await NewService().GetAsync(tenant.Id, default);
            Assert.Equal(($"DC{t}", t, TimeSpan.FromHours(t + 1)), (status.Report!.MachineName, status.Report.CurrentExport.TotalConnectorSpaceObjects, status.CustomerRequestedInterval));
        }
    }

    [ProviderFact]
    public async Task A_later_report_replaces_the_earlier_one_and_keeps_the_admins_interval()
    {
        var tenant = await new TenantService(new TenantStore(factory), TimeProvider.System)
            .CreateAsync(new NewTenant("Later", "later.onmicrosoft.com", DateTimeOffset.UtcNow, []), "setup", default);
        var service = NewService();
        await service.ReportAsync(tenant.Id, Report(1), "key:agent", default);
        await service.RequestIntervalAsync(tenant.Id, TimeSpan.FromHours(3), "alice", default);
        var status = await service.ReportAsync(tenant.Id, Report(2) with { SynchronizationInterval = "PT45M" }, "key:agent", default);
        Assert.Equal(("DC2", TimeSpan.FromMinutes(45), TimeSpan.FromHours(3), TimeSpan.FromHours(3)),
            (status.Report!.MachineName, status.Report.SynchronizationInterval, status.CustomerRequestedInterval, status.Interval));
    }
}

public sealed class SyncClientStoreRacesOnSqlite() : SyncClientStoreRaces(DatabaseProvider.Sqlite);

public sealed class SyncClientStoreRacesOnPostgres() : SyncClientStoreRaces(DatabaseProvider.Postgres);

[SqlServer]
public sealed class SyncClientStoreRacesOnSqlServer() : SyncClientStoreRaces(DatabaseProvider.SqlServer);
