using System.Data.Common;
using AdminPortal.SyncRules;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace AdminPortal.Data;

/// <summary>
/// A connection that cannot be opened because the database is out of reach becomes a
/// <see cref="DatabaseUnavailableException"/>, for every read and write alike (each opens its connection through EF
/// Core, which calls this when the open fails): the admin and the sync client are told what happened instead of a bare
/// 500. Other failures to open (a wrong password, a missing database) stay what they are: faults of the settings.
/// </summary>
internal sealed class DatabaseReachability : DbConnectionInterceptor
{
    public static readonly DatabaseReachability Instance = new();

    public override void ConnectionFailed(DbConnection connection, ConnectionErrorEventData eventData) => ThrowIfUnreachable(eventData.Exception);

    public override Task ConnectionFailedAsync(DbConnection connection, ConnectionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        ThrowIfUnreachable(eventData.Exception);
        return Task.CompletedTask;
    }

    private static void ThrowIfUnreachable(Exception e)
    {
        if (DatabaseErrors.IsUnreachable(e)) throw new DatabaseUnavailableException(e);
    }
}
