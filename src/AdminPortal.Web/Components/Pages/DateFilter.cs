namespace AdminPortal.Web.Components.Pages;

/// <summary>Date filters as the URL carries them (yyyy-MM-dd, UTC): "from" is the day's start, "until" the next day's.</summary>
public static class DateFilter
{
    public static DateTimeOffset? From(string? day) =>
        DateOnly.TryParse(day, System.Globalization.CultureInfo.InvariantCulture, out var d) ? new DateTimeOffset(d.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null;

    public static DateTimeOffset? Until(string? day) => From(day)?.AddDays(1);
}
