using AdminPortal.SyncRules.Changes;
using AdminPortal.SyncRules.Ports;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace AdminPortal.Data.Changes;

/// <summary>
/// The change feed across instances on PostgreSQL: a change is published with NOTIFY, and every instance — this one
/// too — LISTENs on a connection of its own and hands what arrives to its pages. A lost listening connection is opened
/// again (keepalives find a silent loss); once it is, every page is told to reload (<see cref="ChangeKind.Resync"/>),
/// since changes made meanwhile were not heard.
/// </summary>
public sealed class PostgresChangeFeed : IChangeFeed, IAsyncDisposable
{
    public const string Channel = "adminportal_changes";
    private readonly InProcessChangeFeed local = new();
    private readonly string connectionString;
    private readonly ILogger log;
    private readonly CancellationTokenSource stopping = new();
    private readonly TaskCompletionSource listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task listener;

    public PostgresChangeFeed(PortalDbContextFactory factory, ILogger<PostgresChangeFeed>? log = null)
    {
        // Keepalives make a dead connection fail the wait, so the feed reconnects instead of going silently stale.
        connectionString = new NpgsqlConnectionStringBuilder(factory.Settings.ConnectionString) { KeepAlive = 5 }.ConnectionString;
        this.log = log ?? NullLogger<PostgresChangeFeed>.Instance;
        listener = Task.Run(ListenAsync);
    }

    /// <summary>Completes once the feed listens (for a test that must not publish before then).</summary>
    public Task Listening => listening.Task;

    public IDisposable Subscribe(Action<DirectoryChange> watcher) => local.Subscribe(watcher);

    /// <summary>Sent after the write committed; the caller does not wait for it (a lost notice only delays a page's reload).</summary>
    public void Publish(DirectoryChange change) => _ = NotifyAsync(change);

    private async Task NotifyAsync(DirectoryChange change)
    {
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(stopping.Token);
            await using var command = new NpgsqlCommand("SELECT pg_notify(@channel, @payload)", connection);
            command.Parameters.AddWithValue("channel", Channel);
            command.Parameters.AddWithValue("payload", $"{change.TenantId}|{change.Kind}");
            await command.ExecuteNonQueryAsync(stopping.Token);
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException or InvalidOperationException)
        {
            log.LogWarning("A change of tenant {TenantId} ({Kind}) could not be announced to the other instances: {Reason}", change.TenantId, change.Kind, e.Message);
        }
    }

    private async Task ListenAsync()
    {
        var lost = false;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync(stopping.Token);
                connection.Notification += (_, e) => { if (Parse(e.Payload) is { } change) local.Publish(change); };
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection)) await listen.ExecuteNonQueryAsync(stopping.Token);
                if (lost)
                {
                    log.LogInformation("The change feed listens again; every open page reloads");
                    local.Publish(new DirectoryChange(null, ChangeKind.Resync));
                }
                listening.TrySetResult();
                while (true) await connection.WaitAsync(stopping.Token);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested) { return; }
            catch (Exception e) when (e is NpgsqlException or System.IO.IOException or InvalidOperationException or TimeoutException)
            {
                if (!lost) log.LogWarning("The change feed lost its connection ({Reason}); listening again in a second", e.Message);
                lost = true;
                try { await Task.Delay(TimeSpan.FromSeconds(1), stopping.Token); } catch (OperationCanceledException) { return; }
            }
        }
    }

    /// <summary>"tenantId|Kind" as published; null for a notice this version does not know (another version's).</summary>
    private static DirectoryChange? Parse(string payload)
    {
        var bar = payload.IndexOf('|');
        if (bar < 0 || !Enum.TryParse<ChangeKind>(payload[(bar + 1)..], out var kind)) return null;
        return new DirectoryChange(Guid.TryParse(payload[..bar], out var tenant) ? tenant : null, kind);
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        try { await listener; } catch (OperationCanceledException) { }
        stopping.Dispose();
    }
}
