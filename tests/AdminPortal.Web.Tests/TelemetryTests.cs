using System.Diagnostics;
using AdminPortal.SyncRules.Telemetry;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace AdminPortal.Web.Tests;

/// <summary>The meters are read by name process-wide: this class runs alone so the counts it reads are its own.</summary>
[CollectionDefinition(nameof(TelemetryTests), DisableParallelization = true)]
public sealed class TelemetryCollection;

/// <summary>AdminPortal's own metrics and traces, read back through OpenTelemetry's in-memory exporters.</summary>
[Collection(nameof(TelemetryTests))]
public sealed class TelemetryTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Batches_objects_quarantines_holds_and_fix_up_are_counted_and_a_batch_is_traced_plan_and_write()
    {
        var metrics = new List<MetricSnapshot>();
        var spans = new List<Activity>();
        await using var host = factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddOpenTelemetry()
            .WithMetrics(m => m.AddInMemoryExporter(metrics))
            .WithTracing(t => t.AddInMemoryExporter(spans))));
        var admin = host.CreateClient(new() { BaseAddress = PortalFactoryOn.Https });
        admin.DefaultRequestHeaders.Authorization = new("Bearer", PortalFactoryOn.BootstrapKey);

        var tenant = await Api.CreateTenantAsync(admin, "t" + Guid.NewGuid().ToString("N")[..10]);
        // Three users, two of them wanting one UPN: three created, one UPN quarantined.
        await Api.OkJsonAsync(await Api.PushAsync(admin, tenant, Api.User("a1", "joe@contoso.com"), Api.User("a2", "joe@contoso.com"), Api.User("a3", "ann@contoso.com")));
        // The holder goes: fix-up gives the value back.
        await Api.OkJsonAsync(await Api.PushAsync(admin, tenant, new { objectType = "user", sourceAnchor = "a1", isDeleted = true }));
        await Api.OkJsonAsync(await admin.PostAsync($"/api/tenants/{tenant}/fixup", null));
        // A full export that leaves out everything but one, over a threshold of 1: held.
        Assert.True((await admin.PatchAsync($"/graph/{tenant}/v1.0/directory/onPremisesSynchronization/{tenant}", new StringContent(
            """{"configuration":{"accidentalDeletionPrevention":{"synchronizationPreventionType":"enabledForCount","alertThreshold":1}}}""",
            System.Text.Encoding.UTF8, "application/json"))).IsSuccessStatusCode);
        await Api.PushAsync(admin, tenant, "full", Api.User("a4", "eve@contoso.com"));

        host.Services.GetRequiredService<MeterProvider>().ForceFlush();
        host.Services.GetRequiredService<TracerProvider>().ForceFlush();

        Assert.Equal(2, Sum(metrics, "adminportal.sync.batches", ("result", "applied"), ("mode", "delta")));
        Assert.Equal(1, Sum(metrics, "adminportal.sync.batches", ("result", "held"), ("mode", "full")));
        Assert.Equal(3, Sum(metrics, "adminportal.sync.objects", ("outcome", "created")));
        Assert.Equal(1, Sum(metrics, "adminportal.sync.objects", ("outcome", "deleted")));
        Assert.Equal(1, Sum(metrics, "adminportal.sync.quarantines", ("attribute", "user_principal_name")));
        Assert.Equal(1, Sum(metrics, "adminportal.fixup.releases", ("attribute", "user_principal_name")));
        Assert.Equal(1, Sum(metrics, "adminportal.sync.deletion_guard.holds"));
        Assert.Equal(3, Latest(metrics, "adminportal.sync.duration").Sum(p => p.GetHistogramCount()));
        // The framework's own instrumentation is there too.
        Assert.Contains(metrics, m => m.Name == "http.server.request.duration");

        var batch = spans.Where(s => s.OperationName == "sync.batch" && (s.GetTagItem("adminportal.tenant.id") as Guid?)?.ToString() == tenant).ToList();
        Assert.Equal(3, batch.Count);
        var first = batch.OrderBy(s => s.StartTimeUtc).First();
        var inside = spans.Where(s => s.ParentSpanId == first.SpanId).Select(s => s.OperationName).ToList();
        Assert.Contains("sync.plan", inside);
        Assert.Contains("sync.write", inside);
        Assert.Equal(SyncTelemetry.Name, first.Source.Name);
    }

    /// <summary>The points of the last export of a metric (each flush exports every metric's cumulative state again).</summary>
    private static IReadOnlyList<MetricPoint> Latest(List<MetricSnapshot> metrics, string name) =>
        metrics.LastOrDefault(m => m.Name == name)?.MetricPoints ?? [];

    /// <summary>A counter's total over the points carrying all the given tags.</summary>
    private static long Sum(List<MetricSnapshot> metrics, string name, params (string Key, string Value)[] tags) =>
        Latest(metrics, name).Where(p => tags.All(t => Tags(p).Any(kv => kv.Key == t.Key && Equals(kv.Value, t.Value)))).Sum(p => p.GetSumLong());

    private static List<KeyValuePair<string, object?>> Tags(MetricPoint point)
    {
        var list = new List<KeyValuePair<string, object?>>();
        foreach (var tag in point.Tags) list.Add(tag);
        return list;
    }
}
