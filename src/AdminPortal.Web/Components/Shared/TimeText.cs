namespace AdminPortal.Web.Components.Shared;

/// <summary>Spans of time as an admin reads them on a page: "less than a minute", "25 min", "2 h 5 min", "3 days".</summary>
public static class TimeText
{
    public static string Span(TimeSpan d) => d switch
    {
        _ when d < TimeSpan.FromMinutes(1) => "less than a minute",
        _ when d < TimeSpan.FromHours(1) => $"{(int)d.TotalMinutes} min",
        _ when d < TimeSpan.FromDays(2) => d.Minutes == 0 ? $"{(int)d.TotalHours} h" : $"{(int)d.TotalHours} h {d.Minutes} min",
        _ => $"{(int)d.TotalDays} days",
    };

    public static string Ago(DateTimeOffset now, DateTimeOffset when) => Span(now - when) + " ago";
}
