using System.Data.Common;
using System.Diagnostics;
using AdminPortal.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace AdminPortal.Benchmarks;

/// <summary>
/// The floor to compare against: the very rows the sync wrote, copied into a fresh database of the same schema in one
/// transaction by the provider's plainest bulk path, with no rules, no lookups and no mapping: a prepared-statement
/// insert loop on SQLite, one binary COPY per table on PostgreSQL.
/// </summary>
public static class RawWriteBaseline
{
    public static async Task<(TimeSpan Elapsed, long Rows)> RunAsync(PortalDbContextFactory synced, PortalDbContextFactory emptyMigrated)
    {
        var tables = new List<(string Table, string[] Columns, List<object[]> Rows)>();
        await using (var db = synced.CreateDbContext())
        {
            var connection = db.Database.GetDbConnection();
            await connection.OpenAsync();
            // Parents before children, as the model's foreign keys require.
            foreach (var table in TablesInOrder(db))
            {
                await using var select = connection.CreateCommand();
                select.CommandText = $"SELECT * FROM \"{table}\"";
                await using var reader = await select.ExecuteReaderAsync();
                var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToArray();
                var list = new List<object[]>();
                while (await reader.ReadAsync()) { var values = new object[reader.FieldCount]; reader.GetValues(values); list.Add(values); }
                if (list.Count > 0) tables.Add((table, columns, list));
            }
        }

        await using var target = emptyMigrated.CreateDbContext();
        var to = target.Database.GetDbConnection();
        await to.OpenAsync();
        var clock = Stopwatch.StartNew();
        await using var tx = await to.BeginTransactionAsync();
        long written = 0;
        foreach (var (table, columns, rows) in tables)
        {
            var list = string.Join(",", columns.Select(c => $"\"{c}\""));
            if (to is NpgsqlConnection pg)
            {
                await using var copy = await pg.BeginBinaryImportAsync($"COPY \"{table}\" ({list}) FROM STDIN (FORMAT BINARY)");
                foreach (var values in rows) await copy.WriteRowAsync(default, values);
                await copy.CompleteAsync();
            }
            else
            {
                await using var insert = to.CreateCommand();
                insert.Transaction = tx;
                insert.CommandText = $"INSERT INTO \"{table}\" ({list}) VALUES ({string.Join(",", columns.Select((_, i) => "@p" + i))})";
                var parameters = columns.Select((_, i) => new SqliteParameter("@p" + i, null)).ToArray();
                insert.Parameters.AddRange(parameters);
                insert.Prepare();
                foreach (var values in rows)
                {
                    for (var i = 0; i < values.Length; i++) parameters[i].Value = values[i];
                    insert.ExecuteNonQuery();
                }
            }
            written += rows.Count;
        }
        await tx.CommitAsync();
        return (clock.Elapsed, written);
    }

    private static IEnumerable<string> TablesInOrder(PortalDbContext db)
    {
        var pending = db.Model.GetEntityTypes().ToList();
        while (pending.Count > 0)
        {
            var ready = pending.Where(e => e.GetForeignKeys().All(fk => fk.PrincipalEntityType == e || !pending.Contains(fk.PrincipalEntityType))).ToList();
            foreach (var e in ready) { pending.Remove(e); yield return e.GetTableName()!; }
        }
    }
}
