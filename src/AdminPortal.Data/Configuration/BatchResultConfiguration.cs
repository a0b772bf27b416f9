using AdminPortal.Data.Rows;
using AdminPortal.SyncRules.Directory;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AdminPortal.Data.Configuration;

internal sealed class BatchResultConfiguration : IEntityTypeConfiguration<BatchResultRow>
{
    public void Configure(EntityTypeBuilder<BatchResultRow> e)
    {
        e.HasKey(r => new { r.BatchId, r.Sequence });
        e.HasOne<SyncBatchRow>().WithMany().HasForeignKey(r => r.BatchId).OnDelete(DeleteBehavior.Cascade);
        e.Property(r => r.SourceAnchor).HasMaxLength(AttributeRules.MaxSourceAnchorLength);
    }
}
