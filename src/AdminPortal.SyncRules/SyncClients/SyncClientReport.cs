namespace AdminPortal.SyncRules.SyncClients;

/// <summary>
/// What the sync client last said about itself and its last export, under Graph's names (beta
/// <c>onPremisesDirectorySynchronizationConfiguration</c> and its <c>currentExportData</c>): its version, the machine
/// it runs on, the account it reads the directory with, its anchor attribute and the interval it keeps.
/// </summary>
public sealed record SyncClientReport(
    string ClientVersion,
    string MachineName,
    string? ServiceAccount,
    string? ApplicationId,
    string? AnchorAttribute,
    TimeSpan SynchronizationInterval,
    ExportData CurrentExport,
    DateTimeOffset ReportedDateTime,
    string ReportedBy);

/// <summary>The last export as the client counts it (<c>onPremisesCurrentExportData</c>).</summary>
public sealed record ExportData(
    int PendingObjectsAddition,
    int PendingObjectsDeletion,
    int PendingObjectsUpdate,
    long SuccessfulLinksProvisioningCount,
    int SuccessfulObjectsProvisioningCount,
    int TotalConnectorSpaceObjects);

/// <summary>
/// The tenant's sync client as the service knows it: its last report, and the interval an admin asked of it
/// (<c>customerRequestedSynchronizationInterval</c>), which the client keeps instead of its own.
/// </summary>
public sealed record SyncClientStatus(Guid TenantId, SyncClientReport? Report, TimeSpan? CustomerRequestedInterval)
{
    /// <summary>
    /// The shortest interval an admin may ask for: Entra Connect's scheduler does not sync more often than every 30
    /// minutes (its AllowedSyncCycleInterval); the longest, a week, past which deletions wait too long to arrive.
    /// </summary>
    public static readonly TimeSpan ShortestRequestedInterval = TimeSpan.FromMinutes(30), LongestRequestedInterval = TimeSpan.FromDays(7);

    /// <summary>The interval the client keeps: the admin's when set, else its own.</summary>
    public TimeSpan? Interval => CustomerRequestedInterval ?? Report?.SynchronizationInterval;

    /// <summary>When the next export is due.</summary>
    public DateTimeOffset? NextExportDue => Report is { } r && Interval is { } i ? r.ReportedDateTime + i : null;

    /// <summary>A client silent for two of its intervals is overdue: a missed cycle happens, two in a row is a stopped client.</summary>
    public bool IsOverdue(DateTimeOffset now) => Report is { } r && Interval is { } i && now > r.ReportedDateTime + 2 * i;

    /// <summary>Why an admin's interval cannot be asked of the client, or null.</summary>
    public static string? RequestedIntervalProblem(TimeSpan? interval) => interval switch
    {
        null => null,
        { } i when i < ShortestRequestedInterval => $"customerRequestedSynchronizationInterval must be at least {ShortestRequestedInterval.TotalMinutes:N0} minutes (the sync client's shortest cycle).",
        { } i when i > LongestRequestedInterval => $"customerRequestedSynchronizationInterval must be at most {LongestRequestedInterval.TotalDays:N0} days.",
        _ => null,
    };
}
