using AdminPortal.Data.Rows;
using AdminPortal.SyncRules.Directory;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace AdminPortal.Data;

/// <summary>
/// The store's model, the same on every provider. Each provider has its own derived type only so that its
/// hand-written migrations can be told apart (EF finds migrations by context type).
/// </summary>
public abstract class PortalDbContext(DbContextOptions options) : DbContext(options)
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
        b.Entity<TenantRow>(e =>
        {
            e.HasKey(t => t.Id);
            e.Property(t => t.DisplayName).HasMaxLength(AttributeRules.MaxDisplayNameLength);
            e.Property(t => t.InitialDomain).HasMaxLength(253);
            e.HasIndex(t => t.InitialDomain).IsUnique();
            e.HasMany(t => t.Domains).WithOne().HasForeignKey(d => d.TenantId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(t => t.Features).WithOne().HasForeignKey(f => f.TenantId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<VerifiedDomainRow>(e => { e.HasKey(d => new { d.TenantId, d.Name }); e.Property(d => d.Name).HasMaxLength(253); });
        b.Entity<FeatureStateRow>(e => { e.HasKey(f => new { f.TenantId, f.Feature }); e.Property(f => f.ChangedBy).HasMaxLength(256); });

        b.Entity<DirectoryObjectRow>(e =>
        {
            e.HasKey(o => o.Id);
            e.HasOne<TenantRow>().WithMany().HasForeignKey(o => o.TenantId).OnDelete(DeleteBehavior.Cascade);
            e.Property(o => o.DisplayName).HasMaxLength(AttributeRules.MaxDisplayNameLength);
            e.Property(o => o.UserPrincipalName).HasMaxLength(AttributeRules.MaxUpnLength);
            e.Property(o => o.UpnNormalized).HasMaxLength(AttributeRules.MaxUpnLength);
            e.Property(o => o.MailNickname).HasMaxLength(AttributeRules.MaxMailNicknameLength);
            e.Property(o => o.OnPremisesUserPrincipalName).HasMaxLength(AttributeRules.MaxUpnLength);
            e.Property(o => o.Mail).HasMaxLength(AttributeRules.MaxMailLength);
            e.Property(o => o.ImmutableId).HasMaxLength(AttributeRules.MaxSourceAnchorLength);
            e.Property(o => o.DistinguishedName).HasMaxLength(AttributeRules.MaxDistinguishedNameLength);
            e.Property(o => o.SourceHash).HasMaxLength(32);
            // The database enforces uniqueness too, so two concurrent writers can never both take a value.
            e.HasIndex(o => new { o.TenantId, o.UpnNormalized }).IsUnique();
            e.HasIndex(o => new { o.TenantId, o.ImmutableId }).IsUnique();
            e.HasIndex(o => new { o.TenantId, o.ObjectType, o.DisplayName });
            // Lists are keyset-paged by id within a type: this index serves them in order (migration 0002).
            e.HasIndex(o => new { o.TenantId, o.ObjectType, o.Id });
            e.HasMany(o => o.ProxyAddresses).WithOne().HasForeignKey(p => p.ObjectId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(o => o.Quarantine).WithOne().HasForeignKey(q => q.ObjectId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(o => o.Licenses).WithOne().HasForeignKey(l => l.ObjectId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(o => o.RoleAssignments).WithOne().HasForeignKey(r => r.PrincipalId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<ProxyAddressRow>(e =>
        {
            e.HasKey(p => new { p.TenantId, p.Normalized });
            e.Property(p => p.Normalized).HasMaxLength(AttributeRules.MaxProxyAddressLength);
            e.Property(p => p.Value).HasMaxLength(AttributeRules.MaxProxyAddressLength);
            e.HasIndex(p => p.ObjectId);
        });
        b.Entity<QuarantineRow>(e =>
        {
            e.HasKey(q => new { q.ObjectId, q.Property, q.NormalizedValue });
            e.Property(q => q.NormalizedValue).HasMaxLength(AttributeRules.MaxProxyAddressLength);
            e.Property(q => q.Value).HasMaxLength(AttributeRules.MaxProxyAddressLength);
            e.Property(q => q.Placeholder).HasMaxLength(AttributeRules.MaxUpnLength);
            e.Property(q => q.FixAtSourceNote).HasMaxLength(AttributeRules.MaxNoteLength);
            e.Property(q => q.NotedBy).HasMaxLength(256);
            e.HasIndex(q => new { q.TenantId, q.Property, q.NormalizedValue });
            // One index per sort order of the conflicts list, ending in the row's key: keyset pages read in order.
            e.HasIndex(q => new { q.TenantId, q.OccurredDateTime, q.ObjectId, q.Property, q.NormalizedValue }).HasDatabaseName("IX_Quarantine_ListByTime");
            e.HasIndex(q => new { q.TenantId, q.NormalizedValue, q.ObjectId, q.Property }).HasDatabaseName("IX_Quarantine_ListByValue");
            e.HasIndex(q => new { q.TenantId, q.Property, q.ObjectType });
        });
        b.Entity<LicenseRow>(e => e.HasKey(l => new { l.ObjectId, l.SkuId }));
        b.Entity<RoleAssignmentRow>(e =>
        {
            e.HasKey(r => r.Id);
            e.Property(r => r.RoleDefinitionId).HasMaxLength(AttributeRules.MaxRoleDefinitionIdLength);
            e.Property(r => r.DirectoryScopeId).HasMaxLength(256);
            e.HasIndex(r => new { r.TenantId, r.PrincipalId });
        });
        b.Entity<SyncFailureRow>(e =>
        {
            e.HasKey(f => new { f.TenantId, f.SourceAnchor });
            e.HasOne<TenantRow>().WithMany().HasForeignKey(f => f.TenantId).OnDelete(DeleteBehavior.Cascade);
            e.Property(f => f.SourceAnchor).HasMaxLength(AttributeRules.MaxSourceAnchorLength);
            e.Property(f => f.DisplayName).HasMaxLength(AttributeRules.MaxDisplayNameLength);
            e.Property(f => f.ErrorCode).HasMaxLength(64);
            e.Property(f => f.Value).HasMaxLength(1024);
            e.Property(f => f.Message).HasMaxLength(2048);
        });
        b.Entity<SyncBatchRow>(e =>
        {
            e.HasKey(x => x.Id);
            e.HasOne<TenantRow>().WithMany().HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.Cascade);
            e.Property(x => x.Actor).HasMaxLength(256);
            e.HasIndex(x => new { x.TenantId, x.ReceivedDateTime });
        });
        b.Entity<BatchResultRow>(e =>
        {
            e.HasKey(r => new { r.BatchId, r.Sequence });
            e.HasOne<SyncBatchRow>().WithMany().HasForeignKey(r => r.BatchId).OnDelete(DeleteBehavior.Cascade);
            e.Property(r => r.SourceAnchor).HasMaxLength(AttributeRules.MaxSourceAnchorLength);
        });
        b.Entity<MatchRecordRow>(e =>
        {
            e.HasKey(m => m.Id);
            e.Property(m => m.SourceAnchor).HasMaxLength(AttributeRules.MaxSourceAnchorLength);
            e.Property(m => m.DisplayName).HasMaxLength(AttributeRules.MaxDisplayNameLength);
            e.Property(m => m.ErrorCode).HasMaxLength(64);
            e.Property(m => m.Reason).HasMaxLength(2048);
            e.HasIndex(m => new { m.TenantId, m.ObjectId });
            e.HasIndex(m => new { m.TenantId, m.SourceAnchor });
            e.HasIndex(m => new { m.TenantId, m.OccurredDateTime });
        });
        b.Entity<AccessKeyRow>(e =>
        {
            e.HasKey(k => k.Id);
            e.Property(k => k.Name).HasMaxLength(AttributeRules.MaxAccessKeyNameLength);
            e.Property(k => k.Prefix).HasMaxLength(16);
            e.Property(k => k.Hash).HasMaxLength(64);
            e.Property(k => k.Role).HasMaxLength(32);
            e.Property(k => k.CreatedBy).HasMaxLength(256);
            e.Property(k => k.RevokedBy).HasMaxLength(256);
            e.HasIndex(k => k.Hash).IsUnique();
        });
        b.Entity<AuditEventRow>(e =>
        {
            e.HasKey(a => a.Id);
            e.Property(a => a.Actor).HasMaxLength(256);
            e.Property(a => a.Action).HasMaxLength(64);
            e.Property(a => a.Target).HasMaxLength(512);
            e.HasIndex(a => new { a.TenantId, a.OccurredDateTime });
        });
    }
}

public enum DatabaseProvider { Sqlite, Postgres }

public sealed class SqlitePortalDbContext(DbContextOptions<SqlitePortalDbContext> options) : PortalDbContext(options)
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgresPortalDbContext(DbContextOptions<PostgresPortalDbContext> options) : PortalDbContext(options)
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

/// <summary>DateTimeOffset as UTC ticks: order-preserving, so SQLite can sort and filter times.</summary>
public sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
    v => v.UtcTicks, v => new DateTimeOffset(v, TimeSpan.Zero));
