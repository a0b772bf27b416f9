using System.Diagnostics.Metrics;
using AdminPortal.SyncRules.Telemetry;
using Microsoft.AspNetCore.Components.Server.Circuits;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace AdminPortal.Web.Hosting;

/// <summary>
/// OpenTelemetry, as operators of an ASP.NET Core service expect it: traces and metrics of the requests, outgoing
/// HTTP (the identity provider), EF Core and Npgsql, the runtime, and AdminPortal's own (<see cref="SyncTelemetry"/>,
/// open circuits); logs with their structured fields. Exported over OTLP when the standard
/// OTEL_EXPORTER_OTLP_ENDPOINT is set (with OTEL_SERVICE_NAME and the other OTEL_* variables as the SDK reads them),
/// collected for nobody otherwise.
/// </summary>
public static class Telemetry
{
    public const string ServiceName = "AdminPortal";

    public static WebApplicationBuilder AddPortalTelemetry(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<SyncTelemetry>();
        builder.Services.AddSingleton<CircuitCount>();
        builder.Services.AddScoped<CircuitHandler, CircuitCount.Handler>();
        builder.Logging.AddOpenTelemetry(o =>
        {
            o.IncludeFormattedMessage = true;
            o.IncludeScopes = true;
        });
        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(ServiceName))
            .WithMetrics(m => m.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddRuntimeInstrumentation()
                .AddMeter(SyncTelemetry.Name, "Npgsql"))
            .WithTracing(t => t.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddEntityFrameworkCoreInstrumentation()
                .AddSource(SyncTelemetry.Name, "Npgsql"));
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"])) otel.UseOtlpExporter();
        return builder;
    }

    /// <summary>The portal's open live connections (circuits): each holds its page's state in server memory.</summary>
    public sealed class CircuitCount
    {
        private readonly UpDownCounter<long> open;

        public CircuitCount(IMeterFactory meters) =>
            open = meters.Create(SyncTelemetry.Name).CreateUpDownCounter<long>("adminportal.circuits.open", "{circuit}", "Open live connections of the portal's pages.");

        public sealed class Handler(CircuitCount count) : CircuitHandler
        {
            public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken ct)
            {
                count.open.Add(1);
                return Task.CompletedTask;
            }

            public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken ct)
            {
                count.open.Add(-1);
                return Task.CompletedTask;
            }
        }
    }
}
