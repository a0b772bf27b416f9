using AdminPortal.SyncRules.ReadModels;
using AdminPortal.SyncRules;
using AdminPortal.SyncRules.Conflicts;
using AdminPortal.SyncRules.Directory;

namespace AdminPortal.Web.Filters;

/// <summary>
/// The conflict filter as a URL carries it, read one way by the API, the CSV export (both bind it with
/// [AsParameters]) and the conflicts page: a bad value is named, never ignored.
/// </summary>
public sealed record ConflictQueryString(string? Property, string? ObjectType, string? Search, string? OrderBy, bool? Desc,
    string? Status, string? From, string? To)
{
    private const int MaxSearchLength = 256;

    public ConflictFilter ToFilter() => new(
        Enum<ConflictProperty>(Property, "property"), Enum<ObjectType>(ObjectType, "objectType"), CheckedSearch(Search),
        Enum<ConflictOrder>(OrderBy, "orderBy") ?? ConflictOrder.OccurredDateTime, Desc ?? false, Enum<ConflictStatus>(Status, "status"),
        Day(From, "from"), Day(To, "to")?.AddDays(1));

    /// <summary>"to" includes its whole day.</summary>
    private static DateTimeOffset? Day(string? value, string name) =>
        string.IsNullOrEmpty(value) ? null
        : UrlDay.Parse(value) ?? throw new DomainException("InvalidFilter", $"The {name} date '{value}' is not a day written yyyy-MM-dd.");

    private static T? Enum<T>(string? value, string name) where T : struct, Enum =>
        string.IsNullOrEmpty(value) ? null
        : EnumNames<T>.ParseOrNull(value) ?? throw new DomainException("InvalidFilter", EnumNames<T>.Problem(name, value));

    private static string? CheckedSearch(string? value) =>
        value is not null && AttributeRules.TextProblem(value, MaxSearchLength, "search") is { } problem
            ? throw new DomainException("InvalidFilter", problem) : value;
}
