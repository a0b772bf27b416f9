using Microsoft.AspNetCore.Components.Server;

namespace AdminPortal.Web.Hosting;

/// <summary>How the portal's live connections (Blazor circuits) behave, from the Circuits section; each value is a
/// deliberate choice named in appsettings.template.json.</summary>
public sealed record CircuitSettings(TimeSpan DisconnectedRetention, int MaxRetainedDisconnected, int MaxBufferedRenderBatches, TimeSpan JsInteropTimeout,
    TimeSpan RevalidationInterval)
{
    public static CircuitSettings From(IConfiguration config) => new(
        SettingValues.PositiveTimeSpan(config, "Circuits:DisconnectedRetention", TimeSpan.FromMinutes(3), "00:03:00"),
        SettingValues.WholeNumber(config, "Circuits:MaxRetainedDisconnected", 100),
        SettingValues.WholeNumber(config, "Circuits:MaxBufferedRenderBatches", 10),
        SettingValues.PositiveTimeSpan(config, "Circuits:JsInteropTimeout", TimeSpan.FromSeconds(30), "00:00:30"),
        SettingValues.PositiveTimeSpan(config, "Circuits:RevalidationInterval", TimeSpan.FromMinutes(5), "00:05:00"));

    public void Apply(CircuitOptions o)
    {
        o.DisconnectedCircuitRetentionPeriod = DisconnectedRetention;
        o.DisconnectedCircuitMaxRetained = MaxRetainedDisconnected;
        o.MaxBufferedUnacknowledgedRenderBatches = MaxBufferedRenderBatches;
        o.JSInteropDefaultCallTimeout = JsInteropTimeout;
    }
}
