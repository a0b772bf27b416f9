using System.Data.Common;
using AdminPortal.SyncRules;
using Microsoft.EntityFrameworkCore;

namespace AdminPortal.Data;

/// <summary>What an error of the database means, whichever provider raised it: each provider's codes named here once.</summary>
internal static class DatabaseErrors
{
    /// <summary>
    /// A unique index refused the write, the provider's error bare or inside EF Core's <see cref="DbUpdateException"/>:
    /// SQLite's constraint error (19), PostgreSQL's unique_violation, SQL Server's 2627 (a unique constraint) and 2601
    /// (a unique index).
    /// </summary>
    public static bool IsUniqueViolation(Exception e) => Of(e) is { } database &&
        (database is Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 19 } || database is Npgsql.PostgresException { SqlState: "23505" }
         || database is Microsoft.Data.SqlClient.SqlException { Number: 2627 or 2601 });

    /// <summary>
    /// No room for the write: SQLite's SQLITE_FULL (13: the disk, or the file's page limit), PostgreSQL's disk_full
    /// (53100), SQL Server's 1105 (a filegroup full) and 9002 (the transaction log full).
    /// </summary>
    public static bool IsStorageFull(DbException e) =>
        e is Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 13 } || e is Npgsql.PostgresException { SqlState: "53100" }
        || e is Microsoft.Data.SqlClient.SqlException { Number: 1105 or 9002 };

    /// <summary>
    /// Another write held the database past the connection's timeout: SQLite's SQLITE_BUSY (5) and SQLITE_LOCKED (6).
    /// PostgreSQL and SQL Server lock rows and tables, not the database, and wait without a timeout here.
    /// </summary>
    public static bool IsBusy(DbException e) => e is Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 5 or 6 };

    /// <summary>
    /// The database is out of reach: Npgsql's own failure to connect (not an answer of the server's: a refused password is
    /// a <see cref="Npgsql.PostgresException"/>) and SQL Server's network errors, both of which the providers call
    /// transient; SQLite's SQLITE_CANTOPEN (14).
    /// </summary>
    public static bool IsUnreachable(Exception e) =>
        e is Npgsql.NpgsqlException { IsTransient: true } and not Npgsql.PostgresException
        || e is Microsoft.Data.SqlClient.SqlException { IsTransient: true }
        || e is Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 14 };

    /// <summary>
    /// Runs a write (a save, a commit): a database out of space or busy past its timeout is said as such
    /// (<see cref="StorageFullException"/>, <see cref="DatabaseBusyException"/>), whether the provider's error comes bare
    /// or inside EF Core's <see cref="DbUpdateException"/>.
    /// </summary>
    public static async Task<T> StoredAsync<T>(Func<Task<T>> write)
    {
        try
        {
            return await write();
        }
        catch (Exception e) when (Of(e) is { } database && IsStorageFull(database))
        {
            throw new StorageFullException(e);
        }
        catch (Exception e) when (Of(e) is { } database && IsBusy(database))
        {
            throw new DatabaseBusyException(e);
        }
    }

    /// <inheritdoc cref="StoredAsync{T}"/>
    public static Task StoredAsync(Func<Task> write) => StoredAsync(async () =>
    {
        await write();
        return true;
    });

    private static DbException? Of(Exception e) => e as DbException ?? (e as DbUpdateException)?.InnerException as DbException;
}
