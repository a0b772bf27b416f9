namespace AdminPortal.ActiveDirectory.Checks;

/// <summary>
/// IdFix's error classes, by the names IdFix gives them (its ERROR column), and one more: <see cref="AdminPortal"/>, a
/// value AdminPortal's own attribute rules refuse although IdFix lets it pass.
/// </summary>
[Flags]
public enum FindingError
{
    None = 0,
    Character = 1,
    Format = 2,
    TopLevelDomain = 4,
    DomainPart = 8,
    LocalPart = 16,
    Length = 32,
    Duplicate = 64,
    Blank = 128,
    AdminPortal = 256,
}

/// <summary>
/// One thing wrong with one value of one entry: its class, the value IdFix would propose instead (where it proposes one),
/// and a sentence that says what is wrong. <see cref="Line"/> is where the entry starts in the file.
/// </summary>
public sealed record Finding(string DistinguishedName, int Line, string Attribute, string? Value, FindingError Error, string? Suggestion, string Message);
