namespace AdminPortal.Data;

/// <summary>Which database, and where (settings Database:Provider and ConnectionStrings:AdminPortal).</summary>
public sealed record DatabaseSettings(DatabaseProvider Provider, string ConnectionString, bool MigrateAtStartup = true)
{
    /// <summary>Reads and checks the settings; a missing or wrong one fails with a message that names it.</summary>
    /// <param name="migrateAtStartup">Setting Database:MigrateAtStartup; unset, the embedded SQLite file and any Development host migrate at start.</param>
    public static DatabaseSettings From(string? provider, string? connectionString, string defaultSqliteFolder, bool? migrateAtStartup = null,
        bool isDevelopment = false)
    {
        var p = DatabaseProvider.Sqlite;
        if (!string.IsNullOrWhiteSpace(provider) && !SyncRules.EnumNames<DatabaseProvider>.TryParse(provider, out p))
            throw new InvalidOperationException($"Setting Database:Provider is '{provider}'; it must be Sqlite, Postgres or SqlServer.");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            if (p != DatabaseProvider.Sqlite)
                throw new InvalidOperationException($"Setting ConnectionStrings:AdminPortal is required when Database:Provider is {p}.");
            Directory.CreateDirectory(defaultSqliteFolder);
            connectionString = $"Data Source={Path.Combine(defaultSqliteFolder, "adminportal.db")}";
        }
        return new DatabaseSettings(p, connectionString, migrateAtStartup ?? (p == DatabaseProvider.Sqlite || isDevelopment));
    }
}
