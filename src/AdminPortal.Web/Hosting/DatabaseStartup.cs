using AdminPortal.Data;

namespace AdminPortal.Web.Hosting;

/// <summary>
/// Who migrates. The embedded SQLite file and Development migrate at start; a server database migrates at start only
/// with Database:MigrateAtStartup, otherwise a DBA runs `dotnet AdminPortal.Web.dll migrate` and the app refuses to
/// start on a schema older than it needs.
/// </summary>
public static class DatabaseStartup
{
    public const string MigrateVerb = "migrate";

    /// <summary>Returns false when the process was asked only to migrate (the migrate verb), and has.</summary>
    public static async Task<bool> PrepareAsync(WebApplication app, string[] args)
    {
        var initializer = app.Services.GetRequiredService<DatabaseInitializer>();
        var database = app.Services.GetRequiredService<DatabaseSettings>();
        if (args.Contains(MigrateVerb))
        {
            await initializer.MigrateAsync();
            app.Logger.LogInformation("The {Provider} database is up to date.", database.Provider);
            return false;
        }
        if (database.MigrateAtStartup)
        {
            await initializer.MigrateAsync();
            return true;
        }
        if (await initializer.PendingAsync() is { Count: > 0 } pending)
            throw new InvalidOperationException(
                $"The {database.Provider} database lacks migrations {string.Join(", ", pending)}. Run `dotnet AdminPortal.Web.dll {MigrateVerb}` " +
                "with the same settings (or set Database:MigrateAtStartup to true), then start again.");
        return true;
    }
}
