using AdminPortal.Data;

namespace AdminPortal.TestSupport;

/// <summary>Fresh, migrated databases of either provider for tests.</summary>
public static class TestDatabases
{
    private static readonly Lazy<PostgresServer> Postgres = new(() =>
    {
        var server = new PostgresServer();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Dispose();
        return server;
    });

    public static DatabaseSettings NewSettings(DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.Sqlite => new(provider, $"Data Source={Path.Combine(Path.GetTempPath(), $"adminportal-test-{Guid.NewGuid():N}.db")}"),
        _ => new(provider, Postgres.Value.CreateDatabase()),
    };

    public static async Task<PortalDbContextFactory> NewMigratedAsync(DatabaseProvider provider)
    {
        var factory = new PortalDbContextFactory(NewSettings(provider));
        await new DatabaseInitializer(factory).MigrateAsync();
        return factory;
    }
}
