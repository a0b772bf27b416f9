namespace AdminPortal.SyncRules.Directory;

/// <summary>
/// A value held back from an object because another object holds it (Graph's onPremisesProvisioningError with
/// category PropertyConflict). The object keeps it here until the fix-up task can restore it.
/// </summary>
public sealed record QuarantinedValue(
    ConflictProperty Property,
    string Value,
    string? Placeholder,
    DateTimeOffset OccurredDateTime,
    string? FixAtSourceNote = null,
    string? NotedBy = null)
{
    public string Category => "PropertyConflict";

    public string NormalizedValue => DirectoryValue.Normalize(Value);
}
