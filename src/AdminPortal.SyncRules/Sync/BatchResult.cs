using AdminPortal.SyncRules.Directory;

namespace AdminPortal.SyncRules.Sync;

public enum ObjectOutcome { Created, Matched, Updated, Unchanged, Deleted, Failed }

public enum MatchRule { HardMatch, SoftMatchSmtp, SoftMatchUpn }

public static class SyncErrorCodes
{
    public const string AttributeValueMustBeUnique = "AttributeValueMustBeUnique";
    public const string InvalidSoftMatch = "InvalidSoftMatch";
    public const string InvalidHardMatch = "InvalidHardMatch";
    public const string ObjectTypeMismatch = "ObjectTypeMismatch";
    public const string ExistingAdminRoleConflict = "ExistingAdminRoleConflict";
    public const string FederatedDomainChangeError = "FederatedDomainChangeError";
}

public sealed record SyncError(string Code, string? PropertyCausingError, string? Value, string Message);

public sealed record QuarantineNotice(string PropertyCausingError, string Value, string? Placeholder);

/// <summary>What happened to one object of a batch, as the sync API reports it.</summary>
public sealed record ObjectResult(
    int Index,
    string SourceAnchor,
    ObjectType ObjectType,
    Guid? ObjectId,
    ObjectOutcome Outcome,
    MatchRule? MatchedBy,
    IReadOnlyList<SyncError> Errors,
    IReadOnlyList<QuarantineNotice> Quarantined,
    IReadOnlyList<string> Warnings);

public sealed record OutcomeCounts(int Created, int Matched, int Updated, int Unchanged, int Deleted, int Failed)
{
    public static readonly OutcomeCounts None = new(0, 0, 0, 0, 0, 0);

    public static OutcomeCounts Of(IEnumerable<ObjectResult> results) => None.Plus(results);

    /// <summary>These counts and those of more results (a run adds its chunks up so).</summary>
    public OutcomeCounts Plus(IEnumerable<ObjectResult> results)
    {
        int[] c = [Created, Matched, Updated, Unchanged, Deleted, Failed];
        foreach (var r in results) c[(int)r.Outcome]++;
        return new(c[0], c[1], c[2], c[3], c[4], c[5]);
    }

    public IEnumerable<(ObjectOutcome Outcome, int Count)> ByOutcome() =>
    [
        (ObjectOutcome.Created, Created), (ObjectOutcome.Matched, Matched), (ObjectOutcome.Updated, Updated),
        (ObjectOutcome.Unchanged, Unchanged), (ObjectOutcome.Deleted, Deleted), (ObjectOutcome.Failed, Failed),
    ];
}

/// <summary>A batch as stored and listed: who sent it, when, and its counts.</summary>
public sealed record SyncBatchRecord(Guid Id, Guid TenantId, SyncMode Mode, DateTimeOffset ReceivedDateTime,
    string Actor, int ObjectCount, OutcomeCounts Counts);

public sealed record BatchOutcome(SyncBatchRecord Batch, IReadOnlyList<ObjectResult> Results);

/// <summary>
/// What a batch would do, decided and not written (SyncService.DryRunAsync); <see cref="UpnsAfter"/> is the UPN each user
/// the batch creates or changes would have (the MOERA one where its suffix is not verified, a placeholder in quarantine).
/// </summary>
public sealed record DryRunOutcome(SyncBatchRecord Batch, IReadOnlyList<ObjectResult> Results, IReadOnlyList<History.MatchRecord> MatchRecords,
    DeletionGuardVerdict DeletionGuard, IReadOnlyDictionary<Guid, string> UpnsAfter);
