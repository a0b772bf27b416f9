using AdminPortal.SyncRules.Ports;
using AdminPortal.SyncRules.Features;
using AdminPortal.SyncRules.Fixup;
using AdminPortal.SyncRules.Sync;
using AdminPortal.SyncRules.Tenants;
using AdminPortal.SyncRules.Uniqueness;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AdminPortal.SyncRules;

public static class ServiceCollectionExtensions
{
    /// <summary>The sync-rules layer. The store (ISyncStore, ITenantStore) comes from AddPortalData.</summary>
    public static IServiceCollection AddSyncRules(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IRandomDigits, SharedRandomDigits>();
        services.AddSingleton<TenantLocks>();
        // In process; AddPortalData puts the database's lock in its place on PostgreSQL and SQL Server.
        services.TryAddSingleton<ITenantLocks>(sp => sp.GetRequiredService<TenantLocks>());
        // Replace with a database-backed feed when several instances serve the portal.
        services.TryAddSingleton<Ports.IChangeFeed, Changes.InProcessChangeFeed>();
        // One process holds every job lease; AddPortalData puts the database's leases in its place on PostgreSQL and SQL Server.
        services.TryAddSingleton<IJobLeases, SingleProcessLeases>();
        services.AddSingleton(sp => SyncEngine.CreateDefault(sp.GetRequiredService<IRandomDigits>()));
        services.TryAddSingleton(SyncRunLimits.Default);
        services.AddSingleton<CommitProgress>();
        services.AddScoped<RunCommitter>();
        services.AddScoped<SyncRunService>();
        services.AddScoped<SyncService>();
        services.AddScoped<Reviews.DeletionReviewService>();
        services.AddScoped<FixupService>();
        services.AddScoped<TenantService>();
        services.AddScoped<FeatureService>();
        services.AddScoped<SyncClients.SyncClientService>();
        services.AddScoped<Cloud.CloudDirectoryService>();
        services.AddScoped<Cloud.CloudImportService>();
        services.AddScoped<Conflicts.ConflictResolutionService>();
        services.AddScoped<Access.AccessKeyService>();
        services.AddScoped<Access.SignInSessions>();
        return services;
    }
}
