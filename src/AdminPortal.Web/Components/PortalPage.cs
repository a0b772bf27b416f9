using AdminPortal.SyncRules.Ports;
using AdminPortal.SyncRules;
using AdminPortal.SyncRules.Changes;
using AdminPortal.Web.Security;
using MudBlazor;
using Microsoft.AspNetCore.Components;

namespace AdminPortal.Web.Components;

/// <summary>
/// What every portal page shares: a cancellation token that ends with the page (the admin navigated away or the
/// circuit closed), so no query outlives it; and live updates: a committed change of the watched tenant reloads
/// the page's data within a fraction of a second, without a reload of the browser.
/// </summary>
public abstract class PortalPage : ComponentBase, IDisposable
{
    /// <summary>How long changes are gathered before one reload: a burst of batches costs one query, not fifty.</summary>
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(300);

    private readonly CancellationTokenSource lifetime = new();
    private IDisposable? subscription;
    private int reloadPending;

    [Inject] private IChangeFeed Changes { get; set; } = null!;
    [Inject] private ILogger<PortalPage> Log { get; set; } = null!;
    [Inject] private PortalUser Actor { get; set; } = null!;
    [Inject] private ISnackbar Messages { get; set; } = null!;

    [Inject] private IHostApplicationLifetime Host { get; set; } = null!;

    /// <summary>Cancelled when the page goes away: pass it to every query and operation but those below.</summary>
    protected CancellationToken Aborted => lifetime.Token;

    /// <summary>
    /// For a write that must finish once begun — applying an export, which may hold millions of objects — whatever the
    /// page does meanwhile: an admin who confirmed it and then left the page would otherwise have it rolled back
    /// unseen. Only the portal stopping ends it (rolled back, nothing applied).
    /// </summary>
    protected CancellationToken UntilStopping => Host.ApplicationStopping;

    /// <summary>Calls <paramref name="reload"/> after changes of <paramref name="tenantId"/> (of any tenant when null)
    /// whose kind is one of <paramref name="kinds"/> (any kind when empty).</summary>
    protected void Watch(Guid? tenantId, Func<Task> reload, params ChangeKind[] kinds)
    {
        subscription?.Dispose();
        subscription = Changes.Subscribe(change =>
        {
            // After a lost feed every page reloads, whatever it watches: it may have missed a change.
            if (change.Kind != ChangeKind.Resync)
            {
                if (tenantId is not null && change.TenantId != tenantId) return;
                if (kinds.Length > 0 && !kinds.Contains(change.Kind)) return;
            }
            if (Interlocked.Exchange(ref reloadPending, 1) == 1) return;
            _ = ReloadSoonAsync(reload);
        });
    }

    private async Task ReloadSoonAsync(Func<Task> reload)
    {
        try
        {
            await Task.Delay(Settle, Aborted);
            Volatile.Write(ref reloadPending, 0);
            await InvokeAsync(async () =>
            {
                await reload();
                StateHasChanged();
            });
        }
        catch (OperationCanceledException) { }
        catch (ObjectDisposedException) { }
        catch (Exception e)
        {
            // The page keeps what it showed; the next change tries again.
            Volatile.Write(ref reloadPending, 0);
            Log.LogWarning(e, "A live update of {Page} failed", GetType().Name);
        }
    }

    /// <summary>
    /// The one way a page acts: asks for the role again with the circuit's current user (a forged event or a role lost
    /// meanwhile changes nothing), runs <paramref name="act"/> as that user, and says what it did — its message, if
    /// any — or why nothing was done: the role is gone, a rule of the domain refused, or the database is full, busy or out of reach.
    /// </summary>
    /// <param name="whenChangedMeanwhile">What to say instead of the store's words when somebody changed the same data first.</param>
    /// <returns>Whether the action ran to its end.</returns>
    protected async Task<bool> ActAsync(string policy, Func<string, Task<string?>> act, string? whenChangedMeanwhile = null)
    {
        try
        {
            if (await act(await Actor.RequireAsync(policy)) is { } done) Messages.Add(done, Severity.Success);
            return true;
        }
        catch (ConcurrentChangeException) when (whenChangedMeanwhile is not null) { Messages.Add(whenChangedMeanwhile, Severity.Error); }
        catch (Exception e) when (e is DomainException or NotPermittedException) { Messages.Add(e.Message, Severity.Error); }
        catch (DatabaseStateException e)
        {
            Log.LogError("{Page}: {Problem} ({Cause})", GetType().Name, e.Message, e.InnerException?.Message);
            Messages.Add(e.Message, Severity.Error);
        }
        return false;
    }

    public virtual void Dispose()
    {
        subscription?.Dispose();
        lifetime.Cancel();
        lifetime.Dispose();
        GC.SuppressFinalize(this);
    }
}
