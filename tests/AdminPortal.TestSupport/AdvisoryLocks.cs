using Npgsql;

namespace AdminPortal.TestSupport;

/// <summary>Who holds a PostgreSQL advisory lock of two keys, as pg_locks shows it: for the tests of the database's locks and leases.</summary>
public static class AdvisoryLocks
{
    /// <summary>The holding session's application name ("" when it set none), or null when nobody holds the lock.</summary>
    public static async Task<string?> HolderAsync(string connectionString, (int First, int Second) keys)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid " +
            // The two-key form: classid and objid are the keys as unsigned, objsubid 2.
            $"WHERE l.locktype = 'advisory' AND l.granted AND l.classid = {(uint)keys.First} AND l.objid = {(uint)keys.Second} AND l.objsubid = 2", connection);
        return await command.ExecuteScalarAsync() as string;
    }
}
