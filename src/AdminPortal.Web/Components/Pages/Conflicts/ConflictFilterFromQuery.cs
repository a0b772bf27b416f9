using AdminPortal.SyncRules.Conflicts;
using AdminPortal.Data.Queries;
using AdminPortal.SyncRules;
using AdminPortal.SyncRules.Directory;
using AdminPortal.Web.Components.Pages;

namespace AdminPortal.Web.Components.Pages.Conflicts;

/// <summary>The conflict filter as the URL carries it (page and CSV export alike); a bad value is named, not ignored.</summary>
public static class ConflictFilterFromQuery
{
    public static ConflictFilter Parse(string? property, string? objectType, string? search, string? orderBy, bool desc, string? status = null,
        string? from = null, string? to = null) => new(
        Enum<ConflictProperty>(property, "property"), Enum<ObjectType>(objectType, "objectType"), Search(search),
        Enum<ConflictOrder>(orderBy, "orderBy") ?? ConflictOrder.OccurredDateTime, desc, Enum<ConflictStatus>(status, "status"),
        Day(from, "from"), Day(to, "to")?.AddDays(1));

    /// <summary>A day (yyyy-MM-dd, UTC) as the URL carries it; "to" includes its whole day.</summary>
    private static DateTimeOffset? Day(string? value, string name) =>
        string.IsNullOrEmpty(value) ? null
        : DateFilter.From(value) ?? throw new DomainException("InvalidFilter", $"The {name} date '{value}' is not a day written yyyy-MM-dd.");

    private const int MaxSearchLength = 256;

    private static T? Enum<T>(string? value, string name) where T : struct, Enum =>
        string.IsNullOrEmpty(value) ? null
        : EnumNames<T>.ParseOrNull(value) ?? throw new DomainException("InvalidFilter", EnumNames<T>.Problem(name, value));

    private static string? Search(string? value) =>
        value is not null && AttributeRules.TextProblem(value, MaxSearchLength, "search") is { } problem
            ? throw new DomainException("InvalidFilter", problem) : value;
}
