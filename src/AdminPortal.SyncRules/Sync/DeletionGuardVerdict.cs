using AdminPortal.SyncRules.Features;

namespace AdminPortal.SyncRules.Sync;

/// <summary>The accidental-deletion guard's verdict on a batch: how many objects it deletes of how many synced, and whether that is too many.</summary>
public sealed record DeletionGuardVerdict(int Deletes, int SyncedObjects, AccidentalDeletionPrevention Prevention, bool Blocks);
