using Microsoft.EntityFrameworkCore;

namespace AdminPortal.Data;

/// <summary>
/// Makes one short-lived DbContext per operation on the configured provider (never one per page or connection).
/// </summary>
public sealed class PortalDbContextFactory : IDbContextFactory<PortalDbContext>
{
    private readonly Func<PortalDbContext> create, createForQuery;

    public PortalDbContextFactory(DatabaseSettings settings)
    {
        Settings = settings;
        (create, createForQuery) = settings.Provider switch
        {
            DatabaseProvider.Sqlite => (Sqlite(SqliteMemoryMap.Off), Sqlite(SqliteMemoryMap.ForQueries)),
            DatabaseProvider.Postgres => Twice(Make<PostgresPortalDbContext>(b => b.UseNpgsql(settings.ConnectionString).AddInterceptors(DatabaseReachability.Instance), o => new(o))),
            _ => Twice(Make<SqlServerPortalDbContext>(b => b.UseSqlServer(settings.ConnectionString).AddInterceptors(DatabaseReachability.Instance), o => new(o))),
        };
        Func<PortalDbContext> Sqlite(SqliteMemoryMap map) =>
            Make<SqlitePortalDbContext>(b => b.UseSqlite(settings.ConnectionString).AddInterceptors(map, DatabaseReachability.Instance), o => new(o));
        static (Func<PortalDbContext>, Func<PortalDbContext>) Twice(Func<PortalDbContext> make) => (make, make);
    }

    public DatabaseSettings Settings { get; }
    public DatabaseProvider Provider => Settings.Provider;

    public PortalDbContext CreateDbContext() => create();

    /// <summary>A context for the read models behind pages and lists (<see cref="SqliteMemoryMap"/> says why it differs on SQLite).</summary>
    public PortalDbContext CreateQueryContext() => createForQuery();

    /// <summary>The options every context gets: reads untracked unless a write asks otherwise.</summary>
    internal static DbContextOptions<T> Options<T>(Action<DbContextOptionsBuilder<T>> provider) where T : DbContext
    {
        var builder = new DbContextOptionsBuilder<T>().UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking);
        provider(builder);
        return builder.Options;
    }

    private static Func<PortalDbContext> Make<T>(Action<DbContextOptionsBuilder<T>> provider, Func<DbContextOptions<T>, T> context)
        where T : PortalDbContext
    {
        var options = Options(provider);
        return () => context(options);
    }
}
