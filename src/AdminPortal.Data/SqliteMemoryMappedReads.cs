using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace AdminPortal.Data;

/// <summary>
/// Lets every SQLite connection read the database file through a memory map. A pooled connection's own page cache is
/// 2 MB, so a query that visits pages all over a large file (the conflicts list searched by name joins each quarantined
/// value to its object at random) copied each page through a system call; mapped, it reads the operating system's page
/// cache directly. Measured on a 100,000-object tenant: a name search 5.0 → 1.0 ms, a search matching nothing (every
/// conflict scanned) 64 → 17 ms. Writes still go through the WAL as before.
/// </summary>
internal sealed class SqliteMemoryMappedReads : DbConnectionInterceptor
{
    // SQLite clamps this to its compiled maximum (2 GB in the bundled library); beyond the mapped part it reads as before.
    private const string Pragma = "PRAGMA mmap_size = 2147418112;";

    public static readonly SqliteMemoryMappedReads Instance = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Run(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Run(connection);
        return Task.CompletedTask;
    }

    private static void Run(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragma;
        command.ExecuteNonQuery();
    }
}
