using AdminPortal.Data.Rows;
using AdminPortal.SyncRules.Directory;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AdminPortal.Data.Configuration;

internal sealed class HeldExportConfiguration : IEntityTypeConfiguration<HeldExportRow>
{
    public void Configure(EntityTypeBuilder<HeldExportRow> e)
    {
        e.HasKey(x => x.Id);
        e.HasOne<TenantRow>().WithMany().HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.Cascade);
        e.Property(x => x.Client).HasMaxLength(256);
        e.Property(x => x.DecidedBy).HasMaxLength(256);
        // The exports awaiting review from one client: looked up with every batch that client sends.
        e.HasIndex(x => new { x.TenantId, x.Client, x.Status });
    }
}

internal sealed class HeldDeletionConfiguration : IEntityTypeConfiguration<HeldDeletionRow>
{
    public void Configure(EntityTypeBuilder<HeldDeletionRow> e)
    {
        e.HasKey(x => new { x.HeldExportId, x.ObjectId });
        e.HasOne<HeldExportRow>().WithMany().HasForeignKey(x => x.HeldExportId).OnDelete(DeleteBehavior.Cascade);
        e.Property(x => x.DisplayName).HasMaxLength(AttributeRules.MaxDisplayNameLength);
        e.Property(x => x.SourceAnchor).HasMaxLength(AttributeRules.MaxSourceAnchorLength);
    }
}
