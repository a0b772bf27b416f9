using AdminPortal.Data.Rows;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AdminPortal.Data.Configuration;

internal sealed class SyncBatchConfiguration : IEntityTypeConfiguration<SyncBatchRow>
{
    public void Configure(EntityTypeBuilder<SyncBatchRow> e)
    {
        e.HasKey(x => x.Id);
        e.HasOne<TenantRow>().WithMany().HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.Cascade);
        e.Property(x => x.Actor).HasMaxLength(256);
        e.HasIndex(x => new { x.TenantId, x.ReceivedDateTime });
    }
}
