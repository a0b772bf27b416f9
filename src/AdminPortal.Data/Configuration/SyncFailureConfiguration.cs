using AdminPortal.Data.Rows;
using AdminPortal.SyncRules.Directory;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AdminPortal.Data.Configuration;

internal sealed class SyncFailureConfiguration : IEntityTypeConfiguration<SyncFailureRow>
{
    public void Configure(EntityTypeBuilder<SyncFailureRow> e)
    {
        e.HasKey(f => new { f.TenantId, f.SourceAnchor });
        e.HasOne<TenantRow>().WithMany().HasForeignKey(f => f.TenantId).OnDelete(DeleteBehavior.Cascade);
        e.Property(f => f.SourceAnchor).HasMaxLength(AttributeRules.MaxSourceAnchorLength);
        e.Property(f => f.DisplayName).HasMaxLength(AttributeRules.MaxDisplayNameLength);
        e.Property(f => f.ErrorCode).HasMaxLength(64);
        e.Property(f => f.Value).HasMaxLength(1024);
        e.Property(f => f.Message).HasMaxLength(2048);
    }
}
