using AdminPortal.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace AdminPortal.Data.Tests;

/// <summary>On SQLite the read models map the file and everything else does not, on the same pooled connections.</summary>
public class SqliteMemoryMapTests
{
    private static async Task<long> MappedBytesAsync(PortalDbContext db)
    {
        await db.Database.OpenConnectionAsync();
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = "PRAGMA mmap_size;";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task Query_contexts_read_through_a_memory_map_and_the_others_do_not_even_on_a_connection_a_query_used_before()
    {
        var factory = await TestDatabases.NewMigratedAsync(DatabaseProvider.Sqlite);
        for (var i = 0; i < 2; i++)
        {
            await using (var query = factory.CreateQueryContext()) Assert.True(await MappedBytesAsync(query) > 1_000_000_000);
            await using (var write = factory.CreateDbContext()) Assert.Equal(0, await MappedBytesAsync(write));
        }
    }
}
