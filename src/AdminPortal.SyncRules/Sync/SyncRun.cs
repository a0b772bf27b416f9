namespace AdminPortal.SyncRules.Sync;

public enum SyncRunStatus { Open, Committed, HeldForReview, Abandoned }

/// <summary>
/// A sync client's export sent in pages: open while pages arrive, then committed whole (a batch with the run's id),
/// held for review by the deletion guard, or abandoned (by its client, or by the clock when not committed within
/// <see cref="SyncRunLimits.Timeout"/>). It guards its own transitions; the store checks <see cref="Version"/> when
/// it writes one, so a page and a commit racing for the same run cannot both win.
/// </summary>
public sealed record SyncRun(
    Guid Id,
    Guid TenantId,
    SyncMode Mode,
    string Client,
    DateTimeOffset CreatedDateTime,
    DateTimeOffset LastActivityDateTime,
    int Pages,
    int ObjectCount,
    SyncRunStatus Status,
    int Version)
{
    public static SyncRun Open(Guid tenantId, SyncMode mode, string client, DateTimeOffset now) =>
        new(Guid.CreateVersion7(), tenantId, mode, client, now, now, 0, 0, SyncRunStatus.Open, 0);

    /// <summary>When an open run is abandoned by the clock.</summary>
    public DateTimeOffset ExpiresDateTime(SyncRunLimits limits) => LastActivityDateTime + limits.Timeout;

    /// <summary>The status as of <paramref name="now"/>: an open run past its time is abandoned even before the sweep removes it.</summary>
    public SyncRunStatus StatusAt(DateTimeOffset now, SyncRunLimits limits) =>
        Status == SyncRunStatus.Open && now >= ExpiresDateTime(limits) ? SyncRunStatus.Abandoned : Status;

    /// <summary>The run with one more page of <paramref name="objects"/>; refused unless the run is open and the page fits.</summary>
    public SyncRun WithPage(int objects, DateTimeOffset now, SyncRunLimits limits)
    {
        EnsureOpen(now, limits);
        if (objects > limits.MaxPageObjects)
            throw new DomainException("PageTooLarge", $"The page has {objects} objects; a page holds at most {limits.MaxPageObjects} (Sync:MaxPageObjects).");
        return this with { Pages = Pages + 1, ObjectCount = ObjectCount + objects, LastActivityDateTime = now };
    }

    /// <summary>Refuses anything but a page, a commit or an abandon on an open run, saying what became of it.</summary>
    public void EnsureOpen(DateTimeOffset now, SyncRunLimits limits)
    {
        var status = StatusAt(now, limits);
        if (status == SyncRunStatus.Open) return;
        throw new DomainException("RunNotOpen", status switch
        {
            SyncRunStatus.Committed => $"Sync run {Id} is already committed; start a new run.",
            SyncRunStatus.HeldForReview => $"Sync run {Id} is held for review by the accidental-deletion guard; an admin allows or discards it.",
            _ when Status == SyncRunStatus.Open => $"Sync run {Id} was abandoned: it was not committed within {limits.Timeout} of its last page (Sync:RunTimeout).",
            _ => $"Sync run {Id} was abandoned; start a new run.",
        }, RefusalKind.Conflict);
    }

    public SyncRun Settled(SyncRunStatus status, DateTimeOffset now) =>
        status == SyncRunStatus.Open ? throw new ArgumentOutOfRangeException(nameof(status), "A run is settled as committed, held or abandoned.")
            : this with { Status = status, LastActivityDateTime = now };
}

/// <summary>The sync API's limits on runs (settings Sync:MaxPageObjects, Sync:RunTimeout, Sync:CommitChunkObjects).</summary>
public sealed record SyncRunLimits(int MaxPageObjects, TimeSpan Timeout, int CommitChunkObjects)
{
    public static readonly SyncRunLimits Default = new(5_000, TimeSpan.FromHours(2), 5_000);
}

/// <summary>One object of a page as staged: its place in the run and the object as the client sent it.</summary>
public sealed record StagedObject(int Sequence, IncomingObject Object);
