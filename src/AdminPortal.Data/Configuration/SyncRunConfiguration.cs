using AdminPortal.Data.Rows;
using AdminPortal.SyncRules.Directory;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AdminPortal.Data.Configuration;

internal sealed class SyncRunConfiguration : IEntityTypeConfiguration<SyncRunRow>
{
    public void Configure(EntityTypeBuilder<SyncRunRow> e)
    {
        e.HasKey(x => x.Id);
        e.HasOne<TenantRow>().WithMany().HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.Cascade);
        e.Property(x => x.Client).HasMaxLength(256);
        e.HasIndex(x => new { x.TenantId, x.Status });
        // The sweep of runs not committed in time.
        e.HasIndex(x => new { x.Status, x.LastActivityDateTime });
    }
}

internal sealed class StagedObjectConfiguration : IEntityTypeConfiguration<StagedObjectRow>
{
    public void Configure(EntityTypeBuilder<StagedObjectRow> e)
    {
        e.HasKey(x => new { x.RunId, x.Sequence });
        e.HasOne<SyncRunRow>().WithMany().HasForeignKey(x => x.RunId).OnDelete(DeleteBehavior.Cascade);
        e.Property(x => x.SourceAnchor).HasMaxLength(AttributeRules.MaxSourceAnchorLength);
        // An object appears once in a run, whichever pages race: the database refuses the second.
        e.HasIndex(x => new { x.RunId, x.SourceAnchor }).IsUnique();
    }
}
