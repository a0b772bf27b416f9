using AdminPortal.Data.Rows;
using AdminPortal.SyncRules.Directory;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AdminPortal.Data.Configuration;

internal sealed class RoleAssignmentConfiguration : IEntityTypeConfiguration<RoleAssignmentRow>
{
    public void Configure(EntityTypeBuilder<RoleAssignmentRow> e)
    {
        e.HasKey(r => r.Id);
        e.Property(r => r.RoleDefinitionId).HasMaxLength(AttributeRules.MaxRoleDefinitionIdLength);
        e.Property(r => r.DirectoryScopeId).HasMaxLength(256);
        e.HasIndex(r => new { r.TenantId, r.PrincipalId });
    }
}
