using AdminPortal.Data.Rows;
using AdminPortal.SyncRules.Directory;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace AdminPortal.Data;

/// <summary>
/// The store's model, the same on every provider (tables in Configuration/, one class each). Each provider has its own
/// derived type so that its generated migrations and model snapshot (Migrations/&lt;provider&gt;/) are told apart:
/// EF finds migrations by context type.
/// </summary>
public abstract class PortalDbContext(DbContextOptions options) : DbContext(options), IDataProtectionKeyContext
{
    public DbSet<TenantRow> Tenants => Set<TenantRow>();
    public DbSet<VerifiedDomainRow> VerifiedDomains => Set<VerifiedDomainRow>();
    public DbSet<FeatureStateRow> FeatureStates => Set<FeatureStateRow>();
    public DbSet<DirectoryObjectRow> DirectoryObjects => Set<DirectoryObjectRow>();
    public DbSet<ProxyAddressRow> ProxyAddresses => Set<ProxyAddressRow>();
    public DbSet<QuarantineRow> Quarantine => Set<QuarantineRow>();
    public DbSet<LicenseRow> Licenses => Set<LicenseRow>();
    public DbSet<RoleAssignmentRow> RoleAssignments => Set<RoleAssignmentRow>();
    public DbSet<SyncFailureRow> SyncFailures => Set<SyncFailureRow>();
    public DbSet<SyncBatchRow> SyncBatches => Set<SyncBatchRow>();
    public DbSet<BatchResultRow> BatchResults => Set<BatchResultRow>();
    public DbSet<MatchRecordRow> MatchRecords => Set<MatchRecordRow>();
    public DbSet<AuditEventRow> AuditEvents => Set<AuditEventRow>();
    public DbSet<AccessKeyRow> AccessKeys => Set<AccessKeyRow>();
    public DbSet<SignInSessionRow> SignInSessions => Set<SignInSessionRow>();
    public DbSet<HeldExportRow> HeldExports => Set<HeldExportRow>();
    public DbSet<HeldDeletionRow> HeldDeletions => Set<HeldDeletionRow>();
    public DbSet<SyncRunRow> SyncRuns => Set<SyncRunRow>();
    public DbSet<StagedObjectRow> StagedObjects => Set<StagedObjectRow>();
    public DbSet<SyncClientRow> SyncClients => Set<SyncClientRow>();
    public DbSet<ChangeNoticeRow> ChangeNotices => Set<ChangeNoticeRow>();
    /// <summary>ASP.NET Core's data protection keys: cookies and antiforgery tokens survive restarts and are shared by instances.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public abstract DatabaseProvider Provider { get; }

    protected override void ConfigureConventions(ModelConfigurationBuilder builder)
    {
        // SQLite has no date type: store UTC ticks so that ordering and range filters run in SQL.
        if (Provider == DatabaseProvider.Sqlite)
        {
            builder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
        }
    }

    protected override void OnModelCreating(ModelBuilder b)
    {
        // One configuration class per table (Configuration/): the schema is defined there and nowhere else.
        b.ApplyConfigurationsFromAssembly(typeof(PortalDbContext).Assembly);
    }
}

public enum DatabaseProvider { Sqlite, Postgres, SqlServer }

public sealed class SqlitePortalDbContext(DbContextOptions<SqlitePortalDbContext> options) : PortalDbContext(options)
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgresPortalDbContext(DbContextOptions<PostgresPortalDbContext> options) : PortalDbContext(options)
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

public sealed class SqlServerPortalDbContext(DbContextOptions<SqlServerPortalDbContext> options) : PortalDbContext(options)
{
    public override DatabaseProvider Provider => DatabaseProvider.SqlServer;
}

/// <summary>DateTimeOffset as UTC ticks: order-preserving, so SQLite can sort and filter times.</summary>
public sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
    v => v.UtcTicks, v => new DateTimeOffset(v, TimeSpan.Zero));
