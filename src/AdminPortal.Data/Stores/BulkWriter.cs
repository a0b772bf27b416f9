using System.Data.Common;

namespace AdminPortal.Data.Stores;

/// <summary>
/// Writes rows with prepared statements reused across rows, inside the caller's transaction. This is the sync hot
/// path: a full sync writes hundreds of thousands of rows, and per-entity change tracking would dominate the time.
/// </summary>
internal sealed class BulkWriter(DbConnection connection, DbTransaction transaction, DatabaseProvider provider) : IAsyncDisposable
{
    private readonly Dictionary<string, DbCommand> commands = [];

    public static string InsertSql(string table, params string[] columns) =>
        $"INSERT INTO \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) VALUES ({string.Join(", ", columns.Select((_, i) => "@p" + i))})";

    /// <summary>Runs a statement whose parameters are named @p0, @p1, ... in the order of <paramref name="values"/>.</summary>
    public async Task<int> ExecuteAsync(string sql, params object?[] values)
    {
        if (!commands.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            for (var i = 0; i < values.Length; i++)
            {
                var p = command.CreateParameter();
                p.ParameterName = "@p" + i;
                command.Parameters.Add(p);
            }
            commands[sql] = command;
        }
        for (var i = 0; i < values.Length; i++) command.Parameters[i].Value = ProviderValues.Of(provider, values[i]);
        // SQLite runs in-process and its async methods are synchronous underneath; skip their overhead.
        return provider == DatabaseProvider.Sqlite ? command.ExecuteNonQuery() : await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var c in commands.Values) await c.DisposeAsync();
    }
}
