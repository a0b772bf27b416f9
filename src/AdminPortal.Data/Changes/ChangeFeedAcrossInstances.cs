using System.Data.Common;
using AdminPortal.SyncRules.Changes;
using AdminPortal.SyncRules.Ports;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace AdminPortal.Data.Changes;

/// <summary>
/// What every change feed across instances does, whatever carries the changes through the database: a change is
/// announced after its write committed, without the writer waiting (a lost announcement only delays a page's reload);
/// a receiver running until the host stops hands every announcement, this instance's own too, to the pages here; and
/// when the receiver lost the database and has it again, every page reloads (<see cref="ChangeKind.Resync"/>), since
/// changes made meanwhile may not have been heard.
/// </summary>
public abstract class ChangeFeedAcrossInstances(ILogger log) : IChangeFeed, IAsyncDisposable
{
    private readonly InProcessChangeFeed local = new();
    private readonly TaskCompletionSource listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task receiver = Task.CompletedTask;
    private bool lost;

    protected CancellationTokenSource Stopping { get; } = new();

    /// <summary>Completes once the feed receives (for a test that must not publish before then).</summary>
    public Task Listening => listening.Task;

    public IDisposable Subscribe(Action<DirectoryChange> watcher) => local.Subscribe(watcher);

    public void Publish(DirectoryChange change) => _ = AnnounceOrWarnAsync(change);

    private async Task AnnounceOrWarnAsync(DirectoryChange change)
    {
        try { await AnnounceAsync(change, Stopping.Token); }
        catch (Exception e) when (e is DbException or DbUpdateException or OperationCanceledException or InvalidOperationException)
        {
            log.LogWarning("A change of tenant {TenantId} ({Kind}) could not be announced to the other instances: {Reason}", change.TenantId, change.Kind, e.Message);
        }
    }

    /// <summary>Carries the change to every instance through the database.</summary>
    protected abstract Task AnnounceAsync(DirectoryChange change, CancellationToken ct);

    /// <summary>Receives announcements until <see cref="Stopping"/>, handing each to <see cref="Deliver"/>.</summary>
    protected abstract Task ReceiveAsync();

    /// <summary>Called by the subclass's constructor once its fields are set.</summary>
    protected void StartReceiving() => receiver = Task.Run(ReceiveAsync);

    protected void Deliver(DirectoryChange change) => local.Publish(change);

    /// <summary>The receiver has the database (again): pages that may have missed changes reload.</summary>
    protected void Receiving()
    {
        listening.TrySetResult();
        if (!lost) return;
        lost = false;
        log.LogInformation("The change feed receives again; every open page reloads");
        local.Publish(new DirectoryChange(null, ChangeKind.Resync));
    }

    /// <summary>The receiver lost the database; it tries again.</summary>
    protected void Lost(Exception e)
    {
        if (!lost) log.LogWarning("The change feed lost the database ({Reason}); trying again", e.Message);
        lost = true;
    }

    public async ValueTask DisposeAsync()
    {
        await Stopping.CancelAsync();
        try { await receiver; } catch (OperationCanceledException) { }
        Stopping.Dispose();
        GC.SuppressFinalize(this);
    }
}
