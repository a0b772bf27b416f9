using AdminPortal.Data.Rows;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AdminPortal.Data.Configuration;

internal sealed class SignInSessionConfiguration : IEntityTypeConfiguration<SignInSessionRow>
{
    public void Configure(EntityTypeBuilder<SignInSessionRow> e)
    {
        e.HasKey(s => s.Id);
        e.Property(s => s.UserName).HasMaxLength(256);
    }
}
