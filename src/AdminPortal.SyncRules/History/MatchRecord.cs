using AdminPortal.SyncRules.Directory;
using AdminPortal.SyncRules.Sync;

namespace AdminPortal.SyncRules.History;

/// <summary>What became of an export: bound to an existing object, a new one, refused — or not applied, the object being cloud-managed.</summary>
public enum MatchOutcome { Matched, Provisioned, Failed, NotApplied }

/// <summary>One candidate a rule looked at, and why it was or was not taken.</summary>
public sealed record MatchCandidate(Guid ObjectId, string DisplayName, ObjectType ObjectType, bool Taken, string Reason);

/// <summary>One rule's turn: whether it ran, what it found, what it concluded.</summary>
public sealed record MatchStep(MatchRule Rule, bool Evaluated, string Conclusion, IReadOnlyList<MatchCandidate> Candidates);

/// <summary>
/// The record of one matching decision for an object new to the cloud: every rule tried, every candidate, the
/// outcome and why, the features in force, the batch and the time. Microsoft keeps no such record; this product does.
/// </summary>
public sealed record MatchRecord(
    Guid Id,
    Guid TenantId,
    Guid BatchId,
    Guid? ObjectId,
    string SourceAnchor,
    ObjectType ObjectType,
    string DisplayName,
    DateTimeOffset OccurredDateTime,
    MatchOutcome Outcome,
    MatchRule? MatchedBy,
    string? ErrorCode,
    string Reason,
    IReadOnlyList<MatchStep> Steps,
    long FeaturesInForce);
