using MudBlazor;

namespace AdminPortal.Web.Components.Pages;

/// <summary>Date filters as the URL carries them (yyyy-MM-dd, UTC): "from" is the day's start, "until" the next day's.</summary>
public static class DateFilter
{
    public static DateTimeOffset? From(string? day) => Filters.UrlDay.Parse(day);

    public static DateTimeOffset? Until(string? day) => From(day)?.AddDays(1);

    /// <summary>The range a date range picker shows for the URL's days.</summary>
    public static DateRange? Range(string? from, string? to) =>
        From(from) is null && From(to) is null ? null : new DateRange(From(from)?.DateTime, From(to)?.DateTime);

    /// <summary>A picked day as the URL carries it.</summary>
    public static string? Day(DateTime? day) => Filters.UrlDay.Write(day);
}
