using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace AdminPortal.Data;

/// <summary>
/// Makes one short-lived DbContext per operation on the configured provider (never one per page or connection).
/// </summary>
public sealed class PortalDbContextFactory : IDbContextFactory<PortalDbContext>
{
    private readonly DbContextOptions<SqlitePortalDbContext>? sqlite;
    private readonly DbContextOptions<PostgresPortalDbContext>? postgres;

    public PortalDbContextFactory(DatabaseSettings settings)
    {
        Settings = settings;
        if (settings.Provider == DatabaseProvider.Sqlite)
            sqlite = Configure(new DbContextOptionsBuilder<SqlitePortalDbContext>().UseSqlite(settings.ConnectionString)).Options;
        else
            postgres = Configure(new DbContextOptionsBuilder<PostgresPortalDbContext>().UseNpgsql(settings.ConnectionString)).Options;
    }

    public DatabaseSettings Settings { get; }
    public DatabaseProvider Provider => Settings.Provider;

    public PortalDbContext CreateDbContext() =>
        sqlite is not null ? new SqlitePortalDbContext(sqlite) : new PostgresPortalDbContext(postgres!);

    private static DbContextOptionsBuilder<T> Configure<T>(DbContextOptionsBuilder<T> builder) where T : DbContext =>
        // Migrations are hand-written (EF's Design package does not restore here), so there is no model snapshot
        // and EF would always warn of pending changes. SchemaMatchesModel tests prove the migrated schema equals
        // the model on both providers instead.
        builder.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning))
               .UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking);
}
