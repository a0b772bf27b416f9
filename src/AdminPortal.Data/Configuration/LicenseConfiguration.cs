using AdminPortal.Data.Rows;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AdminPortal.Data.Configuration;

internal sealed class LicenseConfiguration : IEntityTypeConfiguration<LicenseRow>
{
    public void Configure(EntityTypeBuilder<LicenseRow> e)
    {
        e.HasKey(l => new { l.ObjectId, l.SkuId });
    }
}
