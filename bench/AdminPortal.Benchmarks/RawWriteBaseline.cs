using System.Data.Common;
using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace AdminPortal.Benchmarks;

/// <summary>
/// The floor to compare against: the very rows the sync wrote, copied into a fresh database of the same schema by a
/// plain prepared-statement insert loop in one transaction, with no rules, no lookups and no mapping.
/// </summary>
public static class RawWriteBaseline
{
    private static readonly string[] Tables =
        ["Tenants", "DirectoryObjects", "ProxyAddresses", "Quarantine", "SyncFailures", "SyncBatches", "BatchResults", "MatchRecords", "AuditEvents"];

    public static (TimeSpan Elapsed, long Rows) Run(string syncedDatabase, string emptyMigratedDatabase)
    {
        var rows = new Dictionary<string, (string[] Columns, List<object[]> Rows)>();
        using (var source = new SqliteConnection($"Data Source={syncedDatabase}"))
        {
            source.Open();
            foreach (var table in Tables)
            {
                using var select = source.CreateCommand();
                select.CommandText = $"SELECT * FROM \"{table}\"";
                using var reader = select.ExecuteReader();
                var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToArray();
                var list = new List<object[]>();
                while (reader.Read()) { var values = new object[reader.FieldCount]; reader.GetValues(values); list.Add(values); }
                rows[table] = (columns, list);
            }
        }

        using var target = new SqliteConnection($"Data Source={emptyMigratedDatabase}");
        target.Open();
        var clock = Stopwatch.StartNew();
        using var tx = target.BeginTransaction();
        long written = 0;
        foreach (var (table, (columns, list)) in rows)
        {
            using var insert = target.CreateCommand();
            insert.Transaction = tx;
            insert.CommandText = $"INSERT INTO \"{table}\" ({string.Join(",", columns.Select(c => $"\"{c}\""))}) VALUES ({string.Join(",", columns.Select((_, i) => "@p" + i))})";
            var parameters = columns.Select((_, i) => insert.Parameters.Add(new SqliteParameter("@p" + i, null))).ToArray();
            insert.Prepare();
            foreach (var values in list)
            {
                for (var i = 0; i < values.Length; i++) parameters[i].Value = values[i];
                insert.ExecuteNonQuery();
                written++;
            }
        }
        tx.Commit();
        return (clock.Elapsed, written);
    }
}
