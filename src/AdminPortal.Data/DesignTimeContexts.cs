using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace AdminPortal.Data;

// How dotnet-ef builds each provider's context to generate its migrations (scripts/add-migration.sh). No database is
// opened: the connection strings only choose the provider's SQL dialect.

internal sealed class SqliteDesignTimeContext : IDesignTimeDbContextFactory<SqlitePortalDbContext>
{
    public SqlitePortalDbContext CreateDbContext(string[] args) =>
        new(PortalDbContextFactory.Options<SqlitePortalDbContext>(b => b.UseSqlite("Data Source=design-time.db")));
}

internal sealed class PostgresDesignTimeContext : IDesignTimeDbContextFactory<PostgresPortalDbContext>
{
    public PostgresPortalDbContext CreateDbContext(string[] args) =>
        new(PortalDbContextFactory.Options<PostgresPortalDbContext>(b => b.UseNpgsql("Host=localhost;Database=design-time")));
}

internal sealed class SqlServerDesignTimeContext : IDesignTimeDbContextFactory<SqlServerPortalDbContext>
{
    public SqlServerPortalDbContext CreateDbContext(string[] args) =>
        new(PortalDbContextFactory.Options<SqlServerPortalDbContext>(b => b.UseSqlServer("Server=localhost;Database=design-time;Integrated Security=true;TrustServerCertificate=true")));
}
