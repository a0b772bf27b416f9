using AdminPortal.Data.Rows;
using AdminPortal.SyncRules.Directory;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AdminPortal.Data.Configuration;

internal sealed class QuarantineConfiguration : IEntityTypeConfiguration<QuarantineRow>
{
    public void Configure(EntityTypeBuilder<QuarantineRow> e)
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
    }
}
