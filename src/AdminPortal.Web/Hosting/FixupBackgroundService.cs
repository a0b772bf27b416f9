using AdminPortal.SyncRules.Fixup;
using AdminPortal.SyncRules.Ports;
using AdminPortal.SyncRules.Tenants;

namespace AdminPortal.Web.Hosting;

/// <summary>
/// Runs the fix-up task for every tenant on a timer (setting Fixup:Interval, hourly by default), as the service does —
/// on the one instance holding the job's lease (IJobLeases), so several instances do not run it several times.
/// </summary>
public sealed class FixupBackgroundService(IServiceScopeFactory scopes, PortalSettings settings, IJobLeases leases, ILogger<FixupBackgroundService> log)
    : BackgroundService
{
    public const string Actor = "system:fixup";
    public const string Lease = "fixup";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(settings.FixupInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try { if (await leases.HoldAsync(Lease, stoppingToken)) await RunOnceAsync(stoppingToken); }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One bad run must not stop the next one; the error is logged for the admin.
                log.LogError(e, "The fix-up task failed; it runs again in {Interval}.", settings.FixupInterval);
            }
        }
    }

    public async Task RunOnceAsync(CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var tenants = await scope.ServiceProvider.GetRequiredService<TenantService>().ListAsync(ct);
        var fixup = scope.ServiceProvider.GetRequiredService<FixupService>();
        // Each run logs what it restored (FixupService).
        foreach (var tenant in tenants) await fixup.RunAsync(tenant.Id, Actor, ct);
    }
}
