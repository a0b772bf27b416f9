using AdminPortal.Data.Stores;
using AdminPortal.SyncRules.Ports;
using AdminPortal.SyncRules.Reviews;
using AdminPortal.SyncRules.Sync;
using AdminPortal.SyncRules.Uniqueness;
using Microsoft.Extensions.Logging.Abstractions;

namespace AdminPortal.Data.Tests.Fixtures;

/// <summary>The sync services over a real store, wired as the host wires them, with the locks and clock a test chooses.</summary>
public static class SyncWiring
{
    /// <param name="wrap">Puts something around the run store (a test that interrupts a commit).</param>
    /// <param name="removal">Where commits leave their staged pages, as in the portal (else they remove them before answering).</param>
    /// <param name="digits">The placeholders' digits (random by default).</param>
    public static SyncRunService Runs(PortalDbContextFactory factory, ITenantLocks locks, TimeProvider clock, SyncRunLimits? limits = null,
        Func<ISyncRunStore, ISyncRunStore>? wrap = null, StagedPagesRemoval? removal = null, IRandomDigits? digits = null)
    {
        var runs = wrap is null ? new SyncRunStore(factory) : wrap(new SyncRunStore(factory));
        return new(runs, new SyncStore(factory), Committer(factory, locks, clock, limits, runs, removal, digits), clock, limits ?? SyncRunLimits.Default,
            NullLogger<SyncRunService>.Instance);
    }

    public static DeletionReviewService Reviews(PortalDbContextFactory factory, ITenantLocks locks, TimeProvider clock) =>
        new(new DeletionReviewStore(factory), new SyncStore(factory), Runs(factory, locks, clock), locks, clock,
            NullLogger<DeletionReviewService>.Instance);

    private static RunCommitter Committer(PortalDbContextFactory factory, ITenantLocks locks, TimeProvider clock, SyncRunLimits? limits,
        ISyncRunStore? runs = null, StagedPagesRemoval? removal = null, IRandomDigits? digits = null) =>
        new(runs ?? new SyncRunStore(factory), new SyncStore(factory), SyncEngine.CreateDefault(digits ?? new SharedRandomDigits()), locks, clock, limits ?? SyncRunLimits.Default,
            NullLogger<RunCommitter>.Instance, new DeletionReviewStore(factory), removal: removal);

    public static SyncService Sync(PortalDbContextFactory factory, ITenantLocks locks, TimeProvider clock, SyncRunLimits? limits = null) =>
        new(new SyncStore(factory), SyncEngine.CreateDefault(new SharedRandomDigits()), Runs(factory, locks, clock, limits), clock, NullLogger<SyncService>.Instance);
}
