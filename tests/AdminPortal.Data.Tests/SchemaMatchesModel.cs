using System.Data.Common;
using AdminPortal.Data;
using AdminPortal.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace AdminPortal.Data.Tests;

/// <summary>
/// The migrations are hand-written, so prove them: a database built by the migrations has exactly the tables,
/// columns (type, nullability) and indexes of a database built straight from the EF model.
/// </summary>
public class SchemaMatchesModel
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task The_migrated_schema_equals_the_model(DatabaseProvider provider)
    {
        var migrated = await TestDatabases.NewMigratedAsync(provider);
        var fromModel = new PortalDbContextFactory(TestDatabases.NewSettings(provider));
        await using (var db = fromModel.CreateDbContext()) await db.Database.EnsureCreatedAsync();

        var expected = await DescribeAsync(fromModel);
        var actual = await DescribeAsync(migrated);
        Assert.NotEmpty(expected);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public async Task Migrating_twice_is_harmless()
    {
        var factory = await TestDatabases.NewMigratedAsync(DatabaseProvider.Sqlite);
        await new DatabaseInitializer(factory).MigrateAsync();
        await using var db = factory.CreateDbContext();
        Assert.Equal(6, (await db.Database.GetAppliedMigrationsAsync()).Count());
    }

    private static async Task<List<string>> DescribeAsync(PortalDbContextFactory factory)
    {
        await using var db = factory.CreateDbContext();
        var sql = factory.Provider == DatabaseProvider.Sqlite
            ? """
              SELECT m.name || '.' || p.name || ' ' || p.type || (CASE WHEN p."notnull" = 1 THEN ' not null' ELSE '' END) || (CASE WHEN p.pk > 0 THEN ' pk' ELSE '' END)
              FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE '\_\_EF%' ESCAPE '\'
              UNION ALL
              SELECT 'index ' || sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL
              UNION ALL
              SELECT 'fk ' || m.name || '.' || f."from" || '->' || f."table" || '.' || f."to" || ' ' || f.on_delete
              FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) f WHERE m.type = 'table'
              """
            : """
              SELECT table_name || '.' || column_name || ' ' || data_type || coalesce('(' || character_maximum_length || ')', '') || (CASE WHEN is_nullable = 'NO' THEN ' not null' ELSE '' END)
              FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '__EFMigrationsHistory'
              UNION ALL
              SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '__EFMigrationsHistory'
              UNION ALL
              SELECT 'constraint ' || conrelid::regclass || ' ' || pg_get_constraintdef(oid) FROM pg_constraint WHERE connamespace = 'public'::regnamespace
                AND conrelid::regclass::text <> '"__EFMigrationsHistory"'
              """;
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) rows.Add(reader.GetString(0));
        rows.Sort(StringComparer.Ordinal);
        return rows;
    }
}
