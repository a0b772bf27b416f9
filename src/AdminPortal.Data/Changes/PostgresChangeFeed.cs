using AdminPortal.SyncRules.Changes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace AdminPortal.Data.Changes;

/// <summary>
/// The change feed across instances on PostgreSQL: a change is published with NOTIFY, and every instance — this one
/// too — LISTENs on a connection of its own. A lost listening connection is opened again (keepalives find a silent
/// loss), and then every page reloads.
/// </summary>
public sealed class PostgresChangeFeed : ChangeFeedAcrossInstances
{
    public const string Channel = "adminportal_changes";
    private readonly string connectionString;

    public PostgresChangeFeed(PortalDbContextFactory factory, ILogger<PostgresChangeFeed>? log = null) : base(log ?? NullLogger<PostgresChangeFeed>.Instance)
    {
        // Keepalives make a dead connection fail the wait, so the feed reconnects instead of going silently stale.
        connectionString = new NpgsqlConnectionStringBuilder(factory.Settings.ConnectionString) { KeepAlive = 5 }.ConnectionString;
        StartReceiving();
    }

    protected override async Task AnnounceAsync(DirectoryChange change, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand("SELECT pg_notify(@channel, @payload)", connection);
        command.Parameters.AddWithValue("channel", Channel);
        command.Parameters.AddWithValue("payload", $"{change.TenantId}|{change.Kind}" + (change.Commit is { } commit ? "|" + CommitStatusText.Write(commit) : ""));
        await command.ExecuteNonQueryAsync(ct);
    }

    protected override async Task ReceiveAsync()
    {
        while (!Stopping.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync(Stopping.Token);
                connection.Notification += (_, e) => { if (Parse(e.Payload) is { } change) Deliver(change); };
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection)) await listen.ExecuteNonQueryAsync(Stopping.Token);
                Receiving();
                while (true) await connection.WaitAsync(Stopping.Token);
            }
            catch (OperationCanceledException) when (Stopping.IsCancellationRequested) { return; }
            catch (Exception e) when (e is NpgsqlException or IOException or InvalidOperationException or TimeoutException)
            {
                Lost(e);
                try { await Task.Delay(TimeSpan.FromSeconds(1), Stopping.Token); } catch (OperationCanceledException) { return; }
            }
        }
    }

    /// <summary>"tenantId|Kind", then a commit's status where it has one, as published; null for a notice this version does not know (another version's).</summary>
    private static DirectoryChange? Parse(string payload)
    {
        var parts = payload.Split('|', 3);
        if (parts.Length < 2 || !Enum.TryParse<ChangeKind>(parts[1], out var kind)) return null;
        return new DirectoryChange(Guid.TryParse(parts[0], out var tenant) ? tenant : null, kind, parts.Length == 3 ? CommitStatusText.Read(parts[2]) : null);
    }
}
