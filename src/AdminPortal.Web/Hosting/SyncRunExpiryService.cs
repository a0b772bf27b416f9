using AdminPortal.SyncRules.Ports;
using AdminPortal.SyncRules.Sync;

namespace AdminPortal.Web.Hosting;

/// <summary>
/// Abandons sync runs not committed within Sync:RunTimeout of their last page and removes their staged pages, checking
/// a tenth of the timeout at a time (at most every minute). A run past its time already reads as abandoned before this
/// runs (SyncRun.StatusAt); the sweep gives its space back. On the one instance holding the job's lease (IJobLeases).
/// </summary>
public sealed class SyncRunExpiryService(IServiceScopeFactory scopes, SyncRunLimits limits, IJobLeases leases, ILogger<SyncRunExpiryService> log)
    : BackgroundService
{
    public const string Lease = "sync-run-expiry";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromTicks(Math.Min(limits.Timeout.Ticks / 10, TimeSpan.FromMinutes(1).Ticks)));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                if (!await leases.HoldAsync(Lease, stoppingToken)) continue;
                using var scope = scopes.CreateScope();
                await scope.ServiceProvider.GetRequiredService<SyncRunService>().SweepAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The next sweep tries again; an expired run is refused meanwhile all the same.
                log.LogError(e, "Abandoning expired sync runs failed; the next sweep tries again.");
            }
        }
    }
}
