using AdminPortal.Data.Queries;
using AdminPortal.SyncRules;
using AdminPortal.SyncRules.Directory;

namespace AdminPortal.Web.Components.Pages.Conflicts;

/// <summary>The conflict filter as the URL carries it (page and CSV export alike); a bad value is named, not ignored.</summary>
public static class ConflictFilterFromQuery
{
    public static ConflictFilter Parse(string? property, string? objectType, string? search, string? orderBy, bool desc, string? status = null) => new(
        Enum<ConflictProperty>(property, "property"), Enum<ObjectType>(objectType, "objectType"), search,
        Enum<ConflictOrder>(orderBy, "orderBy") ?? ConflictOrder.OccurredDateTime, desc, Enum<ConflictStatus>(status, "status"));

    private static T? Enum<T>(string? value, string name) where T : struct, Enum =>
        string.IsNullOrEmpty(value) ? null
        : System.Enum.TryParse<T>(value, true, out var parsed) && !int.TryParse(value, out _) ? parsed
        : throw new DomainException("InvalidFilter", $"{name} '{value}' is not one of: {string.Join(", ", System.Enum.GetNames<T>())}.");
}
