using AdminPortal.SyncRules.Directory;

namespace AdminPortal.SyncRules;

/// <summary>
/// Reads an enum from input by its documented name only, case-insensitively. Enum.TryParse would also take numbers
/// ("1"), lists ("delta,full", read as the two values OR-ed together) and padding (" delta"): each of those has
/// turned a request into something its sender never asked for.
/// </summary>
public static class EnumNames<T> where T : struct, Enum
{
    private static readonly Dictionary<string, T> ByName =
        Enum.GetValues<T>().ToDictionary(v => v.ToString(), StringComparer.OrdinalIgnoreCase);

    /// <summary>The names as the APIs spell them (camelCase), for messages that list what is allowed.</summary>
    public static IReadOnlyList<string> Names { get; } = Enum.GetValues<T>().Select(v => Camel(v.ToString())).ToList();

    public static bool TryParse(string? text, out T value) => ByName.TryGetValue(text ?? "", out value);

    public static T? ParseOrNull(string? text) => TryParse(text, out var value) ? value : null;

    /// <summary>The message for a value that is not one of the names.</summary>
    public static string Problem(string field, string? text) =>
        $"{field} '{AttributeRules.Shorten(text ?? "")}' is not one of: {string.Join(", ", Names)}.";

    private static string Camel(string s) => char.ToLowerInvariant(s[0]) + s[1..];
}
