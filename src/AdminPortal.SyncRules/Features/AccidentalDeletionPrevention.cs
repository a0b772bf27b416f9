namespace AdminPortal.SyncRules.Features;

public enum DeletionPreventionType { Disabled, EnabledForCount, EnabledForPercentage }

/// <summary>Graph's configuration.accidentalDeletionPrevention: refuses a sync that would delete too much at once.</summary>
public sealed record AccidentalDeletionPrevention(DeletionPreventionType Type, int AlertThreshold)
{
    /// <summary>The sync client's own default: more than 500 deletes in one export is refused.</summary>
    public static AccidentalDeletionPrevention Default { get; } = new(DeletionPreventionType.EnabledForCount, 500);

    public static AccidentalDeletionPrevention Create(DeletionPreventionType type, int threshold)
    {
        if (threshold < 0) throw new DomainException("InvalidThreshold", "alertThreshold must be zero or more.");
        if (type == DeletionPreventionType.EnabledForPercentage && threshold > 100)
            throw new DomainException("InvalidThreshold", "alertThreshold is a percentage here and must be between 0 and 100.");
        return new(type, threshold);
    }

    /// <summary>True when deleting <paramref name="deletes"/> of <paramref name="syncedObjects"/> exceeds the threshold.</summary>
    public bool Blocks(int deletes, int syncedObjects) => Type switch
    {
        DeletionPreventionType.EnabledForCount => deletes > AlertThreshold,
        DeletionPreventionType.EnabledForPercentage => syncedObjects > 0 && deletes * 100.0 / syncedObjects > AlertThreshold,
        _ => false,
    };
}
