using System.Data;
using System.Data.Common;
using Microsoft.Data.SqlClient;
using AdminPortal.SyncRules;
using Npgsql;

namespace AdminPortal.Data.Stores;

/// <summary>
/// Writes rows in bulk inside the caller's transaction, tables and columns taken from the EF model (<see cref="TableMap"/>).
/// This is the sync hot path: a full sync writes hundreds of thousands of rows, and per-entity change tracking would
/// dominate the time. PostgreSQL takes a binary COPY per table and SQL Server a SqlBulkCopy (one round trip each instead
/// of one per row); SQLite, in process, a prepared statement reused across rows. On PostgreSQL the updates and deletes
/// between the inserts are queued into one batch (a round trip per thousand statements, not per statement); a
/// statement that must touch exactly one row is checked when its batch runs.
/// </summary>
internal sealed class BulkWriter(PortalDbContext db, DbConnection connection, DbTransaction transaction) : IAsyncDisposable
{
    private const int MaxBatch = 1000;
    private readonly Dictionary<string, DbCommand> commands = [];
    private readonly DatabaseProvider provider = db.Provider;
    private DbBatch? queued;
    private readonly List<string?> mustTouchOne = [];

    public async Task InsertAsync<TRow>(IEnumerable<TRow> rows) where TRow : class
    {
        // What was queued (releases of values, deletions) must be done before new rows take those values.
        await FlushAsync();
        var table = TableMap.Of<TRow>(db);
        switch (provider)
        {
            case DatabaseProvider.Postgres: await CopyAsync(table, rows); break;
            case DatabaseProvider.SqlServer: await BulkCopyAsync(table, rows); break;
            default:
                var columns = table.Columns;
                var command = Prepared($"INSERT INTO {table.DelimitedName} ({table.ColumnList(columns)}) VALUES ({string.Join(", ", columns.Select((_, i) => "@p" + i))})", columns);
                foreach (var row in rows)
                {
                    for (var i = 0; i < columns.Count; i++) command.Parameters[i].Value = columns[i].ProviderValue(row) ?? DBNull.Value;
                    // SQLite runs in-process and its async methods are synchronous underneath; skip their overhead.
                    command.ExecuteNonQuery();
                }
                break;
        }
    }

    /// <summary>UPDATE of the <paramref name="set"/> properties of the row with the key's values.</summary>
    public async Task UpdateAsync<TRow>(TRow row, string[] key, string[] set) where TRow : class
    {
        var table = TableMap.Of<TRow>(db);
        var setColumns = set.Select(p => table[p]).ToList();
        var keyColumns = key.Select(p => table[p]).ToList();
        var all = setColumns.Concat(keyColumns).ToList();
        await RunAsync($"UPDATE {table.DelimitedName} SET {string.Join(", ", setColumns.Select((c, i) => $"{c.DelimitedName} = @p{i}"))} " +
            $"WHERE {string.Join(" AND ", keyColumns.Select((c, i) => $"{c.DelimitedName} = @p{setColumns.Count + i}"))}",
            all, all.Select(c => c.ProviderValue(row)).ToList(), mustTouchOne: null);
    }

    /// <summary>DELETE of the rows whose <paramref name="properties"/> equal those of <paramref name="match"/>.</summary>
    public async Task DeleteAsync<TRow>(TRow match, params string[] properties) where TRow : class
    {
        var table = TableMap.Of<TRow>(db);
        var columns = properties.Select(p => table[p]).ToList();
        await RunAsync($"DELETE FROM {table.DelimitedName} WHERE {string.Join(" AND ", columns.Select((c, i) => $"{c.DelimitedName} = @p{i}"))}",
            columns, columns.Select(c => c.ProviderValue(match)).ToList(), mustTouchOne: null);
    }

    /// <summary>
    /// An "x = x + 1" UPDATE of one integer property where the key and the property's current value match (optimistic
    /// concurrency), setting the <paramref name="setting"/> properties to the row's values and clearing the
    /// <paramref name="clearing"/> ones. No row touched: <see cref="ConcurrentChangeException"/> with
    /// <paramref name="staleMessage"/>, now or when the queued batch runs.
    /// </summary>
    public async Task IncrementIfAsync<TRow>(TRow current, string counter, string key, string staleMessage, string[]? setting = null, string[]? clearing = null)
        where TRow : class
    {
        var table = TableMap.Of<TRow>(db);
        var (k, v) = (table[key], table[counter]);
        var set = (setting ?? []).Select(p => table[p]).ToList();
        var sets = set.Select((c, i) => $"{c.DelimitedName} = @p{i}")
            .Concat((clearing ?? []).Select(p => $"{table[p].DelimitedName} = NULL"))
            .Append($"{v.DelimitedName} = {v.DelimitedName} + 1");
        List<TableMap.Column> columns = [.. set, k, v];
        await RunAsync($"UPDATE {table.DelimitedName} SET {string.Join(", ", sets)} WHERE {k.DelimitedName} = @p{set.Count} AND {v.DelimitedName} = @p{set.Count + 1}",
            columns, columns.Select(c => c.ProviderValue(current)).ToList(), staleMessage);
    }

    /// <summary>Runs the queued statements; every one that had to touch a row is checked.</summary>
    public async Task FlushAsync()
    {
        if (queued is null) return;
        var batch = queued;
        queued = null;
        await using (batch)
        {
            await batch.ExecuteNonQueryAsync();
            for (var i = 0; i < mustTouchOne.Count; i++)
                if (mustTouchOne[i] is { } stale && batch.BatchCommands[i].RecordsAffected == 0) throw new ConcurrentChangeException(stale);
        }
        mustTouchOne.Clear();
    }

    private async Task RunAsync(string sql, IReadOnlyList<TableMap.Column> columns, IReadOnlyList<object?> values, string? mustTouchOne)
    {
        if (provider == DatabaseProvider.Postgres)
        {
            queued ??= CreateBatch();
            var command = queued.CreateBatchCommand();
            command.CommandText = sql;
            using var factory = connection.CreateCommand();
            for (var i = 0; i < columns.Count; i++) command.Parameters.Add(columns[i].Mapping.CreateParameter(factory, "@p" + i, values[i] ?? DBNull.Value));
            queued.BatchCommands.Add(command);
            this.mustTouchOne.Add(mustTouchOne);
            if (queued.BatchCommands.Count >= MaxBatch) await FlushAsync();
            return;
        }
        var prepared = Prepared(sql, columns);
        for (var i = 0; i < columns.Count; i++) prepared.Parameters[i].Value = values[i] ?? DBNull.Value;
        // SQLite runs in-process and its async methods are synchronous underneath; skip their overhead.
        var touched = provider == DatabaseProvider.Sqlite ? prepared.ExecuteNonQuery() : await prepared.ExecuteNonQueryAsync();
        if (touched == 0 && mustTouchOne is not null) throw new ConcurrentChangeException(mustTouchOne);
    }

    private DbBatch CreateBatch()
    {
        var batch = connection.CreateBatch();
        batch.Transaction = transaction;
        return batch;
    }

    private DbCommand Prepared(string sql, IReadOnlyList<TableMap.Column> columns)
    {
        if (commands.TryGetValue(sql, out var command)) return command;
        command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        // The type mapping binds each parameter as EF would (e.g. a Guid as upper-case text on SQLite).
        for (var i = 0; i < columns.Count; i++) command.Parameters.Add(columns[i].Mapping.CreateParameter(command, "@p" + i, null));
        return commands[sql] = command;
    }

    private async Task CopyAsync<TRow>(TableMap table, IEnumerable<TRow> rows) where TRow : class
    {
        var columns = table.Columns;
        // COPY names types without their length (character varying, not character varying(256)).
        var types = columns.Select(c => c.Mapping.StoreType is var t && t.IndexOf('(') is var open and > 0 ? t[..open] : c.Mapping.StoreType).ToArray();
        await using var copy = await ((NpgsqlConnection)connection).BeginBinaryImportAsync(
            $"COPY {table.DelimitedName} ({table.ColumnList(columns)}) FROM STDIN (FORMAT BINARY)");
        foreach (var row in rows)
        {
            await copy.StartRowAsync();
            for (var i = 0; i < columns.Count; i++)
            {
                switch (columns[i].ProviderValue(row))
                {
                    case null: await copy.WriteNullAsync(); break;
                    // timestamptz takes UTC only.
                    case DateTimeOffset time: await copy.WriteAsync(time.ToUniversalTime(), types[i]); break;
                    case var value: await copy.WriteAsync(value, types[i]); break;
                }
            }
        }
        await copy.CompleteAsync();
    }

    private async Task BulkCopyAsync<TRow>(TableMap table, IEnumerable<TRow> rows) where TRow : class
    {
        using var data = new DataTable();
        foreach (var c in table.Columns)
            data.Columns.Add(c.Name, Nullable.GetUnderlyingType(c.Mapping.Converter?.ProviderClrType ?? c.Mapping.ClrType) ?? c.Mapping.Converter?.ProviderClrType ?? c.Mapping.ClrType);
        foreach (var row in rows) data.Rows.Add(table.Columns.Select(c => c.ProviderValue(row) ?? DBNull.Value).ToArray());
        if (data.Rows.Count == 0) return;
        using var bulk = new SqlBulkCopy((SqlConnection)connection, SqlBulkCopyOptions.CheckConstraints, (SqlTransaction)transaction)
            { DestinationTableName = table.DelimitedName, BulkCopyTimeout = 0 };
        foreach (var c in table.Columns) bulk.ColumnMappings.Add(c.Name, c.Name);
        await bulk.WriteToServerAsync(data);
    }

    public async ValueTask DisposeAsync()
    {
        if (queued is not null) await queued.DisposeAsync();
        foreach (var c in commands.Values) await c.DisposeAsync();
    }
}
