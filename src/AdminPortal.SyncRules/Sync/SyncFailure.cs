using AdminPortal.SyncRules.Directory;

namespace AdminPortal.SyncRules.Sync;

/// <summary>
/// An on-premises object the directory refused (not created, or not updated); the sync client retries it every cycle.
/// Kept so that admins see failing objects and a feature preview can say what enabling would change.
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
    Guid BatchId);
