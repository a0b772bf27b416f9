using System.Globalization;

namespace AdminPortal.Web.Filters;

/// <summary>A day as URLs carry it in filters: yyyy-MM-dd, UTC.</summary>
public static class UrlDay
{
    public static DateTimeOffset? Parse(string? day) =>
        DateOnly.TryParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? new DateTimeOffset(d.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null;

    public static string? Write(DateTime? day) => day?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
