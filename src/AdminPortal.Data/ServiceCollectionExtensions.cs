using AdminPortal.Data.Stores;
using AdminPortal.SyncRules.Ports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AdminPortal.Data;

public static class ServiceCollectionExtensions
{
    /// <summary>The store on the configured provider; the factory makes one DbContext per operation.</summary>
    public static IServiceCollection AddPortalData(this IServiceCollection services, DatabaseSettings settings)
    {
        services.AddSingleton(settings);
        services.AddSingleton<PortalDbContextFactory>();
        // For the framework's own parts that take a context per scope (data protection keys, health checks); the
        // portal and the services make theirs per operation from the factory.
        services.AddScoped<PortalDbContext>(sp => sp.GetRequiredService<PortalDbContextFactory>().CreateDbContext());
        services.AddSingleton<DatabaseInitializer>();
        services.AddSingleton<ISyncStore, SyncStore>();
        services.AddSingleton<ISyncRunStore, SyncRunStore>();
        // Writers of a tenant take turns through the database, whichever instance they run on.
        services.TryAddSingleton<SyncRules.Sync.TenantLocks>();
        services.Replace(ServiceDescriptor.Singleton<ITenantLocks, DatabaseTenantLocks>());
        // Periodic jobs run on the instance holding their lease; SQLite serves one process, which holds them all.
        if (settings.Provider != DatabaseProvider.Sqlite) services.Replace(ServiceDescriptor.Singleton<IJobLeases, DatabaseJobLeases>());
        // A page on one instance hears of changes made on another: PostgreSQL's LISTEN/NOTIFY, SQL Server's polled
        // change table; SQLite serves one process, whose feed is in process.
        if (settings.Provider == DatabaseProvider.Postgres) services.Replace(ServiceDescriptor.Singleton<IChangeFeed, Changes.PostgresChangeFeed>());
        if (settings.Provider == DatabaseProvider.SqlServer) services.Replace(ServiceDescriptor.Singleton<IChangeFeed, Changes.PolledChangeFeed>());
        services.AddSingleton<ITenantStore, TenantStore>();
        services.AddSingleton<SyncRules.Ports.IAccessKeyStore, AccessKeyStore>();
        services.AddSingleton<SyncRules.Ports.IDeletionReviewStore, DeletionReviewStore>();
        services.AddSingleton<SyncRules.Ports.ISignInSessionStore, SignInSessionStore>();
        services.AddSingleton<SyncRules.Ports.ISyncClientStore, SyncClientStore>();
        services.AddSingleton<Queries.BatchQueries>();
        services.AddSingleton<SyncRules.ReadModels.IBatchQueries>(sp => sp.GetRequiredService<Queries.BatchQueries>());
        services.AddSingleton<Queries.DirectoryQueries>();
        services.AddSingleton<SyncRules.ReadModels.IDirectoryQueries>(sp => sp.GetRequiredService<Queries.DirectoryQueries>());
        services.AddSingleton<Queries.DeletionReviewQueries>();
        services.AddSingleton<SyncRules.ReadModels.IDeletionReviewQueries>(sp => sp.GetRequiredService<Queries.DeletionReviewQueries>());
        services.AddSingleton<Queries.ConflictQueries>();
        services.AddSingleton<SyncRules.ReadModels.IConflictQueries>(sp => sp.GetRequiredService<Queries.ConflictQueries>());
        services.AddSingleton<Queries.FeaturePreviewQueries>();
        services.AddSingleton<SyncRules.ReadModels.IFeaturePreviewQueries>(sp => sp.GetRequiredService<Queries.FeaturePreviewQueries>());
        services.AddSingleton<Queries.DashboardQueries>();
        services.AddSingleton<SyncRules.ReadModels.IDashboardQueries>(sp => sp.GetRequiredService<Queries.DashboardQueries>());
        services.AddSingleton<Queries.AuditQueries>();
        services.AddSingleton<SyncRules.ReadModels.IAuditQueries>(sp => sp.GetRequiredService<Queries.AuditQueries>());
        return services;
    }
}
