using AdminPortal.Data.Rows;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AdminPortal.Data.Configuration;

internal sealed class FeatureStateConfiguration : IEntityTypeConfiguration<FeatureStateRow>
{
    public void Configure(EntityTypeBuilder<FeatureStateRow> e)
    {
        e.HasKey(f => new { f.TenantId, f.Feature });
        e.Property(f => f.ChangedBy).HasMaxLength(256);
    }
}
