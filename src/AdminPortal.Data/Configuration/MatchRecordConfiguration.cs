using AdminPortal.Data.Rows;
using AdminPortal.SyncRules.Directory;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AdminPortal.Data.Configuration;

internal sealed class MatchRecordConfiguration : IEntityTypeConfiguration<MatchRecordRow>
{
    public void Configure(EntityTypeBuilder<MatchRecordRow> e)
    {
        e.HasKey(m => m.Id);
        e.Property(m => m.SourceAnchor).HasMaxLength(AttributeRules.MaxSourceAnchorLength);
        e.Property(m => m.DisplayName).HasMaxLength(AttributeRules.MaxDisplayNameLength);
        e.Property(m => m.ErrorCode).HasMaxLength(64);
        e.Property(m => m.Reason).HasMaxLength(2048);
        e.HasIndex(m => new { m.TenantId, m.ObjectId });
        e.HasIndex(m => new { m.TenantId, m.SourceAnchor });
        e.HasIndex(m => new { m.TenantId, m.OccurredDateTime });
    }
}
