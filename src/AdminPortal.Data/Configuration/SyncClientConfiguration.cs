using AdminPortal.Data.Rows;
using AdminPortal.SyncRules.SyncClients;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AdminPortal.Data.Configuration;

internal sealed class SyncClientConfiguration : IEntityTypeConfiguration<SyncClientRow>
{
    public void Configure(EntityTypeBuilder<SyncClientRow> e)
    {
        e.ToTable("SyncClients");
        e.HasKey(x => x.TenantId);
        e.HasOne<TenantRow>().WithOne().HasForeignKey<SyncClientRow>(x => x.TenantId).OnDelete(DeleteBehavior.Cascade);
        e.Property(x => x.ClientVersion).HasMaxLength(SyncClientReportValidator.MaxVersionLength);
        e.Property(x => x.MachineName).HasMaxLength(SyncClientReportValidator.MaxMachineNameLength);
        e.Property(x => x.ServiceAccount).HasMaxLength(SyncClientReportValidator.MaxAccountLength);
        e.Property(x => x.ApplicationId).HasMaxLength(SyncClientReportValidator.MaxApplicationIdLength);
        e.Property(x => x.AnchorAttribute).HasMaxLength(SyncClientReportValidator.MaxAnchorAttributeLength);
        e.Property(x => x.ReportedBy).HasMaxLength(256);
    }
}
