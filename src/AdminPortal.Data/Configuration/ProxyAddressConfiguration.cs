using AdminPortal.Data.Rows;
using AdminPortal.SyncRules.Directory;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AdminPortal.Data.Configuration;

internal sealed class ProxyAddressConfiguration : IEntityTypeConfiguration<ProxyAddressRow>
{
    public void Configure(EntityTypeBuilder<ProxyAddressRow> e)
    {
        e.HasKey(p => new { p.TenantId, p.Normalized });
        e.Property(p => p.Normalized).HasMaxLength(AttributeRules.MaxProxyAddressLength);
        e.Property(p => p.Value).HasMaxLength(AttributeRules.MaxProxyAddressLength);
        e.HasIndex(p => p.ObjectId);
    }
}
