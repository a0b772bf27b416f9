using AdminPortal.Data.Rows;
using AdminPortal.SyncRules.Directory;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AdminPortal.Data.Configuration;

internal sealed class AccessKeyConfiguration : IEntityTypeConfiguration<AccessKeyRow>
{
    public void Configure(EntityTypeBuilder<AccessKeyRow> e)
    {
        e.HasKey(k => k.Id);
        e.Property(k => k.Name).HasMaxLength(AttributeRules.MaxAccessKeyNameLength);
        e.Property(k => k.Prefix).HasMaxLength(16);
        e.Property(k => k.Hash).HasMaxLength(64);
        e.Property(k => k.Role).HasMaxLength(32);
        e.Property(k => k.CreatedBy).HasMaxLength(256);
        e.Property(k => k.RevokedBy).HasMaxLength(256);
        e.HasIndex(k => k.Hash).IsUnique();
    }
}
