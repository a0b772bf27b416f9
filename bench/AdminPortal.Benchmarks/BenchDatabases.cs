using Microsoft.Extensions.Logging;
using AdminPortal.Data;
using AdminPortal.Data.Stores;
using AdminPortal.SyncRules;
using AdminPortal.SyncRules.Features;
using AdminPortal.SyncRules.Ports;
using AdminPortal.SyncRules.Tenants;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace AdminPortal.Benchmarks;

/// <summary>
/// The databases a benchmark measures on: made and migrated, the sync services over them, the measured tenant, and a
/// copy as they stand for the raw-write baseline.
/// </summary>
public static class BenchDatabases
{
    /// <summary>The sync-rules services over the database, wired as the host wires them, in one scope.</summary>
    /// <param name="log">Where the services' log goes (nowhere when null).</param>
    /// <param name="also">More registrations (the runs' benchmark's: commits leave their staged pages, as in the portal).</param>
    public static IServiceProvider Services(PortalDbContextFactory factory, Action<ILoggingBuilder>? log = null, Action<IServiceCollection>? also = null)
    {
        var services = new ServiceCollection().AddLogging(log ?? (_ => { })).AddSyncRules().AddSingleton(factory).AddSingleton<ISyncStore, SyncStore>()
            .AddSingleton<ISyncRunStore, SyncRunStore>().AddSingleton<IDeletionReviewStore, DeletionReviewStore>();
        also?.Invoke(services);
        return services.BuildServiceProvider().CreateScope().ServiceProvider;
    }

    /// <summary>
    /// The measured tenant: contoso.com managed, fabrikam.com federated, and the deletion guard raised to 5% as an admin
    /// would for a known clean-up (the delta's 1% deletions exceed the default 500).
    /// </summary>
    public static async Task<Tenant> BenchTenantAsync(PortalDbContextFactory factory)
    {
        var tenant = await new TenantService(new TenantStore(factory), TimeProvider.System).CreateAsync(new NewTenant("Bench", "contoso.onmicrosoft.com",
            DateTimeOffset.UtcNow, [new("contoso.com", "Managed"), new("fabrikam.com", "Federated")]), "bench", default);
        await new FeatureService(new TenantStore(factory), TimeProvider.System, NullLogger<FeatureService>.Instance).SetDeletionPreventionAsync(tenant.Id,
            AccidentalDeletionPrevention.Create(DeletionPreventionType.EnabledForPercentage, 5), "bench", default);
        return tenant;
    }

    public static async Task<PortalDbContextFactory> MigratedAsync(DatabaseSettings settings)
    {
        var factory = new PortalDbContextFactory(settings);
        await new DatabaseInitializer(factory).MigrateAsync();
        return factory;
    }

    /// <summary>A consistent copy of a WAL-mode SQLite database at <paramref name="target"/> (a plain file copy could miss pages still in the WAL).</summary>
    public static DatabaseSettings SqliteSnapshot(DatabaseSettings source, string target)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection(source.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"VACUUM INTO '{target}'";
        command.ExecuteNonQuery();
        return source with { ConnectionString = $"Data Source={target}" };
    }
}
