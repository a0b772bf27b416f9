using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace AdminPortal.Benchmarks;

/// <summary>
/// The server's own time for one interaction, read from Blazor's built-in metrics (ASP.NET Core 10) in this process:
/// the longest browser-event handling (a click's handler awaited to the end, the query and the renders it causes
/// included) plus the time spent updating the parameters of the conflicts page and of its grid (a filter arrives as a
/// URL change: the page re-reads its parameters and hands the filter to the grid, which reloads). The page's update can
/// contain the start of the grid's, so the two are taken as intervals and overlapping time counts once.
/// </summary>
public static class ServerTime
{
    private static readonly ConcurrentBag<(string Instrument, string? Component, double EndMs, double Ms)> Seen = [];
    private static volatile bool recording;
    private static readonly MeterListener Listener = Create();

    public static void Start()
    {
        Seen.Clear();
        recording = true;
    }

    public static double Stop()
    {
        recording = false;
        var events = Seen.Where(m => m.Instrument == "aspnetcore.components.handle_event.duration").Select(m => m.Ms).DefaultIfEmpty(0).Max();
        var updates = Seen.Where(m => m.Instrument == "aspnetcore.components.update_parameters.duration"
                                      && (m.Component?.EndsWith(".ConflictsPage") == true || m.Component?.EndsWith(".ConflictsGrid") == true))
            .Select(m => (Start: m.EndMs - m.Ms, End: m.EndMs)).OrderBy(i => i.Start);
        return events + CoveredMs(updates);
    }

    /// <summary>Starts collecting the timings of every circuit, for the percentiles of a load.</summary>
    public static void StartWindow() => Start();

    /// <summary>
    /// The handling time of every browser event since <see cref="StartWindow"/> but keystrokes into a text field, in
    /// milliseconds: a click's handler awaited to its end, its query and renders included. A filter's reload is not in
    /// it: the filter arrives as a URL change, and under load the updates it causes cannot be told from other circuits'.
    /// </summary>
    public static List<double> StopWindow()
    {
        recording = false;
        return Seen.Where(m => m.Instrument == "aspnetcore.components.handle_event.duration" && m.Component?.StartsWith("MudBlazor.MudInput", StringComparison.Ordinal) != true)
                   .Select(m => m.Ms).ToList();
    }

    /// <summary>The length of the union of the intervals (ordered by start).</summary>
    private static double CoveredMs(IEnumerable<(double Start, double End)> intervals)
    {
        double covered = 0, reached = double.MinValue;
        foreach (var (start, end) in intervals)
        {
            if (end <= reached) continue;
            covered += end - Math.Max(start, reached);
            reached = end;
        }
        return covered;
    }

    private static MeterListener Create()
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name.StartsWith("Microsoft.AspNetCore.Components", StringComparison.Ordinal)) l.EnableMeasurementEvents(instrument);
            },
        };
        listener.SetMeasurementEventCallback<double>((instrument, seconds, tags, _) =>
        {
            if (!recording) return;
            string? component = null;
            foreach (var tag in tags) if (tag.Key == "aspnetcore.components.type") component = tag.Value as string;
            Seen.Add((instrument.Name, component, Stopwatch.GetElapsedTime(0).TotalMilliseconds, seconds * 1000));
        });
        listener.Start();
        return listener;
    }
}
