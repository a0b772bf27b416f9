using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace AdminPortal.Benchmarks;

/// <summary>
/// The server's own time for one interaction, read from Blazor's built-in metrics (ASP.NET Core 10) in this process:
/// the longest browser-event handling (a click's handler awaited to the end, the query and the renders it causes
/// included) plus the conflicts page's parameter updates (a filter arrives as a URL change: the page re-reads its
/// parameters, counts and reloads the grid). Nested measurements of child components are not added twice.
/// </summary>
public static class ServerTime
{
    private static readonly ConcurrentBag<(string Instrument, string? Component, double Ms)> Seen = [];
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
        var page = Seen.Where(m => m.Instrument == "aspnetcore.components.update_parameters.duration" && m.Component?.EndsWith(".ConflictsPage") == true).Sum(m => m.Ms);
        return events + page;
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
            Seen.Add((instrument.Name, component, seconds * 1000));
        });
        listener.Start();
        return listener;
    }
}
