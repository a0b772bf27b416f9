using AdminPortal.Data.Rows;
using AdminPortal.SyncRules.Directory;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AdminPortal.Data.Configuration;

internal sealed class TenantConfiguration : IEntityTypeConfiguration<TenantRow>
{
    public void Configure(EntityTypeBuilder<TenantRow> e)
    {
        e.HasKey(t => t.Id);
        e.Property(t => t.DisplayName).HasMaxLength(AttributeRules.MaxDisplayNameLength);
        e.Property(t => t.InitialDomain).HasMaxLength(253);
        e.HasIndex(t => t.InitialDomain).IsUnique();
        e.HasMany(t => t.Domains).WithOne().HasForeignKey(d => d.TenantId).OnDelete(DeleteBehavior.Cascade);
        e.HasMany(t => t.Features).WithOne().HasForeignKey(f => f.TenantId).OnDelete(DeleteBehavior.Cascade);
    }
}
