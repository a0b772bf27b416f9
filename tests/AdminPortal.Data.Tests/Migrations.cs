using AdminPortal.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace AdminPortal.Data.Tests;

/// <summary>The generated migrations against the model, on every provider (no server is needed to compare them).</summary>
public class Migrations
{
    public static TheoryData<DatabaseProvider> Providers() => [DatabaseProvider.Sqlite, DatabaseProvider.Postgres, DatabaseProvider.SqlServer];

    private static PortalDbContext Offline(DatabaseProvider provider) => new PortalDbContextFactory(provider switch
    {
        DatabaseProvider.Sqlite => new(provider, "Data Source=:memory:"),
        DatabaseProvider.Postgres => new(provider, "Host=localhost;Database=offline"),
        _ => new(provider, "Server=localhost;Database=offline;TrustServerCertificate=true"),
    }).CreateDbContext();

    [Theory]
    [MemberData(nameof(Providers))]
    public void The_model_has_no_changes_that_a_migration_does_not_carry(DatabaseProvider provider)
    {
        using var db = Offline(provider);
        Assert.False(db.Database.HasPendingModelChanges(), $"The model differs from the {provider} snapshot: run scripts/add-migration.sh <Name>.");
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void Every_provider_has_the_same_migrations_in_the_same_order(DatabaseProvider provider)
    {
        using var db = Offline(provider);
        using var sqlite = Offline(DatabaseProvider.Sqlite);
        Assert.Equal(sqlite.Database.GetMigrations().Select(Name), db.Database.GetMigrations().Select(Name));
    }

    [Fact]
    public void The_sql_server_migration_script_is_valid_t_sql()
    {
        // No SQL Server runs here; its own parser is the check that can.
        using var db = Offline(DatabaseProvider.SqlServer);
        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);
        new TSql160Parser(initialQuotedIdentifiers: true).Parse(new StringReader(script), out var errors);
        Assert.True(errors.Count == 0, string.Join("\n", errors.Select(e => $"line {e.Line}: {e.Message}")));
        Assert.Contains("CREATE TABLE [DirectoryObjects]", script);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Migrating_twice_is_harmless(DatabaseProvider provider)
    {
        var factory = await TestDatabases.NewMigratedAsync(provider);
        await new DatabaseInitializer(factory).MigrateAsync();
        await using var db = factory.CreateDbContext();
        Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
        Assert.Empty(await new DatabaseInitializer(factory).PendingAsync());
    }

    private static string Name(string migrationId) => migrationId[(migrationId.IndexOf('_') + 1)..];
}
