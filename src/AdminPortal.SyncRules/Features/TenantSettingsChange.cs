using AdminPortal.SyncRules.Audit;

namespace AdminPortal.SyncRules.Features;

/// <summary>
/// One admin write of a tenant's settings: each changed feature and the deletion guard with the state the change was
/// decided on (Before) and the state it sets (After). The store applies it only over that same state, so a writer
/// that read stale settings cannot undo what another writer stored meanwhile (above all, a one-way enable).
/// </summary>
public sealed record TenantSettingsChange(
    Guid TenantId,
    IReadOnlyList<FeatureChange> Features,
    DeletionPreventionChange? DeletionPrevention,
    IReadOnlyList<AuditEvent> Audit);

public sealed record DeletionPreventionChange(AccidentalDeletionPrevention Before, AccidentalDeletionPrevention After);
