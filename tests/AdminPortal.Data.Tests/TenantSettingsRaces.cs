using Microsoft.Extensions.Logging.Abstractions;
using AdminPortal.Data.Stores;
using AdminPortal.SyncRules.Features;
using AdminPortal.SyncRules.Tenants;
using AdminPortal.TestSupport;

namespace AdminPortal.Data.Tests;

/// <summary>
/// The one-way promise under concurrent admin writes: an enable answered without error is never lost to another
/// admin's write of the same tenant's settings from a stale read. Two services over two stores stand for two processes.
/// </summary>
public abstract class TenantSettingsRaces(DatabaseProvider provider) : IAsyncLifetime
{
    private const int Tenants = 50;
    private static readonly DirSyncFeature[] OneWay =
        FeatureCatalog.All.Where(d => d.Kind == FeatureKind.SettableOneWay).Select(d => d.Feature).ToArray();

    private PortalDbContextFactory factory = null!;

    public async Task InitializeAsync() => factory = await TestDatabases.NewMigratedAsync(provider);

    public Task DisposeAsync() => Task.CompletedTask;

    private FeatureService NewFeatureService() => new(new TenantStore(factory), TimeProvider.System, NullLogger<FeatureService>.Instance);

    [ProviderFact]
    public async Task An_enable_racing_another_admins_settings_write_is_never_lost()
    {
        Assert.Equal(4, OneWay.Length);
        var tenants = new TenantService(new TenantStore(factory), TimeProvider.System);
        var pairs = 0;
        for (var t = 0; t < Tenants; t++)
        {
            // Created in 2015: every one-way feature starts off, so each can be raced once.
            var tenant = await tenants.CreateAsync(new NewTenant($"Race {t}", $"race{t}.onmicrosoft.com",
                new DateTimeOffset(2015, 1, 1, 0, 0, 0, TimeSpan.Zero), []), "setup", default);
            for (var f = 0; f < OneWay.Length; f++, pairs++)
            {
                var enabler = NewFeatureService();
                var other = NewFeatureService();
                var threshold = 100 + pairs;
                var blockSoftMatch = pairs % 2 == 0;
                // A third of the pairs contend for the very same setting, so the store's refusal of a stale write is exercised too.
                var otherFeatures = new Dictionary<DirSyncFeature, bool> { [DirSyncFeature.BlockSoftMatch] = blockSoftMatch };
                if (pairs % 3 == 0) otherFeatures[OneWay[f]] = true;
                var start = new TaskCompletionSource();
                var enable = Task.Run(async () =>
                {
                    await start.Task;
                    await enabler.SetByAdminAsync(tenant.Id, new Dictionary<DirSyncFeature, bool> { [OneWay[f]] = true }, "alice", default);
                });
                var settings = Task.Run(async () =>
                {
                    await start.Task;
                    await other.ApplySettingsAsync(tenant.Id, otherFeatures,
                        AccidentalDeletionPrevention.Create(DeletionPreventionType.EnabledForCount, threshold), "bob", default);
                });
                start.SetResult();
                await Task.WhenAll(enable, settings);

                var stored = await tenants.GetAsync(tenant.Id, default);
                for (var g = 0; g <= f; g++)
                    Assert.True(stored.Features.IsEnabled(OneWay[g]), $"pair {pairs}: {OneWay[g]} was enabled and answered, and is off now");
                Assert.Equal(threshold, stored.DeletionPrevention.AlertThreshold);
                Assert.Equal(blockSoftMatch, stored.Features.IsEnabled(DirSyncFeature.BlockSoftMatch));
            }
        }
        Assert.True(pairs >= 200);
    }
}

public sealed class TenantSettingsRacesOnSqlite() : TenantSettingsRaces(DatabaseProvider.Sqlite);

public sealed class TenantSettingsRacesOnPostgres() : TenantSettingsRaces(DatabaseProvider.Postgres);

[SqlServer]
public sealed class TenantSettingsRacesOnSqlServer() : TenantSettingsRaces(DatabaseProvider.SqlServer);
