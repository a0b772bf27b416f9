using Microsoft.AspNetCore.Components.Server;

namespace AdminPortal.Web.Hosting;

/// <summary>How the portal's live connections (Blazor circuits) behave, from the Circuits section; each value is a
/// deliberate choice named in appsettings.template.json.</summary>
public sealed record CircuitSettings(TimeSpan DisconnectedRetention, int MaxRetainedDisconnected, int MaxBufferedRenderBatches, TimeSpan JsInteropTimeout)
{
    public static CircuitSettings From(IConfiguration config) => new(
        Span(config, "Circuits:DisconnectedRetention", TimeSpan.FromMinutes(3)),
        Whole(config, "Circuits:MaxRetainedDisconnected", 100),
        Whole(config, "Circuits:MaxBufferedRenderBatches", 10),
        Span(config, "Circuits:JsInteropTimeout", TimeSpan.FromSeconds(30)));

    public void Apply(CircuitOptions o)
    {
        o.DisconnectedCircuitRetentionPeriod = DisconnectedRetention;
        o.DisconnectedCircuitMaxRetained = MaxRetainedDisconnected;
        o.MaxBufferedUnacknowledgedRenderBatches = MaxBufferedRenderBatches;
        o.JSInteropDefaultCallTimeout = JsInteropTimeout;
    }

    private static TimeSpan Span(IConfiguration config, string setting, TimeSpan fallback) =>
        config[setting] is not { } text ? fallback
        : TimeSpan.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var v) && v > TimeSpan.Zero ? v
        : throw new InvalidOperationException($"Setting {setting} is '{text}'; it must be a positive time span such as 00:03:00.");

    private static int Whole(IConfiguration config, string setting, int fallback) =>
        config[setting] is not { } text ? fallback
        : int.TryParse(text, out var n) && n >= 1 ? n
        : throw new InvalidOperationException($"Setting {setting} is '{text}'; it must be a whole number, 1 or more.");
}
