using AdminPortal.Data.Rows;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AdminPortal.Data.Configuration;

internal sealed class VerifiedDomainConfiguration : IEntityTypeConfiguration<VerifiedDomainRow>
{
    public void Configure(EntityTypeBuilder<VerifiedDomainRow> e)
    {
        e.HasKey(d => new { d.TenantId, d.Name });
        e.Property(d => d.Name).HasMaxLength(253);
    }
}
