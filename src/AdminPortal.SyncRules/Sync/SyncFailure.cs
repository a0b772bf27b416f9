using AdminPortal.SyncRules.Directory;

namespace AdminPortal.SyncRules.Sync;

/// <summary>
/// An on-premises object the directory refused (not created, or not updated); the sync client retries it every cycle.
/// Kept so that admins see failing objects and a feature preview can say what enabling would change; once the object
/// syncs, kept as resolved (<see cref="ResolvedDateTime"/>) until it fails again, for Graph's serviceProvisioningErrors.
/// </summary>
public sealed record SyncFailure(
    string SourceAnchor,
    ObjectType ObjectType,
    Guid? ObjectId,
    string DisplayName,
    string ErrorCode,
    ConflictProperty? PropertyCausingError,
    string? Value,
    string Message,
    DateTimeOffset FirstFailedDateTime,
    DateTimeOffset LastAttemptDateTime,
    int Attempts,
    Guid BatchId,
    DateTimeOffset? ResolvedDateTime = null)
{
    public bool IsResolved => ResolvedDateTime is not null;
}

/// <summary>An object's failure resolved: its next export was applied.</summary>
public sealed record ResolvedFailure(string SourceAnchor, DateTimeOffset ResolvedDateTime);
