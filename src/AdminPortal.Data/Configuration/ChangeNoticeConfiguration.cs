using AdminPortal.Data.Rows;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AdminPortal.Data.Configuration;

internal sealed class ChangeNoticeConfiguration : IEntityTypeConfiguration<ChangeNoticeRow>
{
    public void Configure(EntityTypeBuilder<ChangeNoticeRow> e)
    {
        e.ToTable("ChangeNotices");
        // Numbered by the database in the order the notices are written: each instance asks for those after the last it saw.
        e.HasKey(x => x.Id);
        e.Property(x => x.Id).ValueGeneratedOnAdd();
        e.Property(x => x.Kind).HasMaxLength(32);
        // "run|written|objects|started|ended": 32 + 10 + 10 + 13 + 1 and four bars.
        e.Property(x => x.Commit).HasMaxLength(80);
        e.HasIndex(x => x.OccurredDateTime);
    }
}
