using AdminPortal.SyncRules.Ports;
using AdminPortal.SyncRules.Sync;

namespace AdminPortal.Web.Hosting;

/// <summary>
/// Removes the staged pages of the runs this instance committed, one run after the other, once each commit has answered
/// (StagedPagesRemoval). A removal that fails is left to the expiry sweep (SyncRunExpiryService), which removes what
/// committed runs left behind.
/// </summary>
public sealed class StagedPagesRemover(StagedPagesRemoval removal, ISyncRunStore runs, ILogger<StagedPagesRemover> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var runId in removal.ReadAllAsync(stoppingToken))
            await runs.RemoveCommittedStagedAsync(runId, log, stoppingToken);
    }
}
