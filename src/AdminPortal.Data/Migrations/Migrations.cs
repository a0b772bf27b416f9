using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace AdminPortal.Data.Migrations;

/// <summary>Runs a provider's SQL script, embedded beside the migration, as the migration's Up step.</summary>
public abstract class ScriptMigration(string resource) : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        using var stream = typeof(ScriptMigration).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Migration script {resource} is missing from the assembly.");
        using var reader = new StreamReader(stream);
        foreach (var statement in reader.ReadToEnd().Split(";\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            migrationBuilder.Sql(statement + ";");
    }
}

[DbContext(typeof(SqlitePortalDbContext))]
[Migration("20261122000001_InitialSchema")]
public sealed class SqliteInitialSchema() : ScriptMigration("AdminPortal.Data.Migrations.Sqlite.0001_InitialSchema.sql");

[DbContext(typeof(PostgresPortalDbContext))]
[Migration("20261122000001_InitialSchema")]
public sealed class PostgresInitialSchema() : ScriptMigration("AdminPortal.Data.Migrations.Postgres.0001_InitialSchema.sql");

[DbContext(typeof(SqlitePortalDbContext))]
[Migration("20261122000006_AccessKeys")]
public sealed class SqliteAccessKeys() : ScriptMigration("AdminPortal.Data.Migrations.Sqlite.0006_AccessKeys.sql");

[DbContext(typeof(PostgresPortalDbContext))]
[Migration("20261122000006_AccessKeys")]
public sealed class PostgresAccessKeys() : ScriptMigration("AdminPortal.Data.Migrations.Postgres.0006_AccessKeys.sql");

[DbContext(typeof(SqlitePortalDbContext))]
[Migration("20261122000005_QuarantineListIndexes")]
public sealed class SqliteQuarantineListIndexes() : ScriptMigration("AdminPortal.Data.Migrations.Sqlite.0005_QuarantineListIndexes.sql");

[DbContext(typeof(PostgresPortalDbContext))]
[Migration("20261122000005_QuarantineListIndexes")]
public sealed class PostgresQuarantineListIndexes() : ScriptMigration("AdminPortal.Data.Migrations.Postgres.0005_QuarantineListIndexes.sql");

[DbContext(typeof(SqlitePortalDbContext))]
[Migration("20261122000004_FixAtSourceNote")]
public sealed class SqliteFixAtSourceNote() : ScriptMigration("AdminPortal.Data.Migrations.Sqlite.0004_FixAtSourceNote.sql");

[DbContext(typeof(PostgresPortalDbContext))]
[Migration("20261122000004_FixAtSourceNote")]
public sealed class PostgresFixAtSourceNote() : ScriptMigration("AdminPortal.Data.Migrations.Postgres.0004_FixAtSourceNote.sql");

[DbContext(typeof(SqlitePortalDbContext))]
[Migration("20261122000003_OnPremisesUserPrincipalName")]
public sealed class SqliteOnPremisesUpn() : ScriptMigration("AdminPortal.Data.Migrations.Sqlite.0003_OnPremisesUserPrincipalName.sql");

[DbContext(typeof(PostgresPortalDbContext))]
[Migration("20261122000003_OnPremisesUserPrincipalName")]
public sealed class PostgresOnPremisesUpn() : ScriptMigration("AdminPortal.Data.Migrations.Postgres.0003_OnPremisesUserPrincipalName.sql");

[DbContext(typeof(SqlitePortalDbContext))]
[Migration("20261122000002_ObjectListIndex")]
public sealed class SqliteObjectListIndex() : ScriptMigration("AdminPortal.Data.Migrations.Sqlite.0002_ObjectListIndex.sql");

[DbContext(typeof(PostgresPortalDbContext))]
[Migration("20261122000002_ObjectListIndex")]
public sealed class PostgresObjectListIndex() : ScriptMigration("AdminPortal.Data.Migrations.Postgres.0002_ObjectListIndex.sql");
