namespace AdminPortal.Data;

/// <summary>Which database, and where (settings Database:Provider and ConnectionStrings:AdminPortal).</summary>
public sealed record DatabaseSettings(DatabaseProvider Provider, string ConnectionString)
{
    /// <summary>Reads and checks the settings; a missing or wrong one fails with a message that names it.</summary>
    public static DatabaseSettings From(string? provider, string? connectionString, string defaultSqliteFolder)
    {
        var p = DatabaseProvider.Sqlite;
        if (!string.IsNullOrWhiteSpace(provider) && !Enum.TryParse(provider, true, out p))
            throw new InvalidOperationException($"Setting Database:Provider is '{provider}'; it must be Sqlite or Postgres.");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            if (p == DatabaseProvider.Postgres)
                throw new InvalidOperationException("Setting ConnectionStrings:AdminPortal is required when Database:Provider is Postgres.");
            Directory.CreateDirectory(defaultSqliteFolder);
            connectionString = $"Data Source={Path.Combine(defaultSqliteFolder, "adminportal.db")}";
        }
        return new DatabaseSettings(p, connectionString);
    }
}
