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

    // Every SQLite file of this test host in one folder, removed once the host is gone, however it ends: a run of the
    // test command left some 800 database files (over 500 MB) in the temp folder before, and every run added as many.
    private static readonly Lazy<string> SqliteFolder = new(() =>
    {
        var folder = Directory.CreateTempSubdirectory("adminportal-test-").FullName;
        OwnedProcesses.WhenGone($"rm -rf '{folder}'");
        return folder;
    });

    public static DatabaseSettings NewSettings(DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.Sqlite => new(provider, $"Data Source={Path.Combine(SqliteFolder.Value, $"{Guid.NewGuid():N}.db")}"),
        DatabaseProvider.Postgres => new(provider, Postgres.Value.CreateDatabase()),
        _ => new(provider, SqlServerDatabase()),
    };

    /// <summary>A new database on the SQL Server that ADMINPORTAL_TEST_SQLSERVER names.</summary>
    private static string SqlServerDatabase()
    {
        var server = SqlServer.ConnectionString ?? throw new InvalidOperationException($"Set {SqlServer.Variable} to run tests on SQL Server.");
        var name = $"adminportal_test_{Guid.NewGuid():N}";
        using (var connection = new Microsoft.Data.SqlClient.SqlConnection(server))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"CREATE DATABASE [{name}]";
            command.ExecuteNonQuery();
        }
        return new Microsoft.Data.SqlClient.SqlConnectionStringBuilder(server) { InitialCatalog = name }.ConnectionString;
    }

    public static async Task<PortalDbContextFactory> NewMigratedAsync(DatabaseProvider provider)
    {
        var factory = new PortalDbContextFactory(NewSettings(provider));
        await new DatabaseInitializer(factory).MigrateAsync();
        return factory;
    }
}
