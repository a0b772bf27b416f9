using System.Diagnostics;
using AdminPortal.Data;
using AdminPortal.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace AdminPortal.Web.Tests;

/// <summary>A server database is migrated by a DBA's command, not silently at start, unless Database:MigrateAtStartup says so.</summary>
public class MigrateVerbTests
{
    [Fact]
    public async Task A_server_database_is_not_migrated_at_start_and_the_app_says_which_command_to_run()
    {
        var database = TestDatabases.NewSettings(DatabaseProvider.Postgres);
        using var portal = new ConfiguredPortal("Production", new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres", ["ConnectionStrings:AdminPortal"] = database.ConnectionString,
        });
        var refused = Assert.ThrowsAny<Exception>(() => portal.CreateClient());
        Assert.Contains("dotnet AdminPortal.Web.dll migrate", refused.ToString());
        await using var db = new PortalDbContextFactory(database).CreateDbContext();
        Assert.Empty(await db.Database.GetAppliedMigrationsAsync());
    }

    [Fact]
    public async Task The_migrate_verb_brings_a_server_database_up_to_date_and_exits()
    {
        var database = TestDatabases.NewSettings(DatabaseProvider.Postgres);
        var start = new ProcessStartInfo("dotnet", $"\"{Path.Combine(AppContext.BaseDirectory, "AdminPortal.Web.dll")}\" migrate")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = AppContext.BaseDirectory,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Database__Provider"] = "Postgres";
        start.Environment["ConnectionStrings__AdminPortal"] = database.ConnectionString;
        using var process = OwnedProcesses.Start(start);
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(60_000), "the migrate verb did not exit");
        Assert.True(process.ExitCode == 0, await output + await errors);

        await using var db = new PortalDbContextFactory(database).CreateDbContext();
        Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
    }
}
