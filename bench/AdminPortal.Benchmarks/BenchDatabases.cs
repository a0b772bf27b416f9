using AdminPortal.Data;

namespace AdminPortal.Benchmarks;

/// <summary>The databases a benchmark measures on: made and migrated, and copied as they stand for the raw-write baseline.</summary>
public static class BenchDatabases
{
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
