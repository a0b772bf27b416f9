using System.Diagnostics;
using System.Diagnostics.Metrics;
using AdminPortal.SyncRules.Sync;

namespace AdminPortal.SyncRules.Telemetry;

/// <summary>
/// What the sync-rules layer reports to operators, through .NET's own metrics and tracing APIs (OpenTelemetry reads
/// them by name: <see cref="Name"/>): batches and their objects by outcome, quarantined values, fix-up releases,
/// deletion-guard holds, how long a batch takes, and a trace of each batch's plan and write.
/// Tags are low-cardinality only (mode, outcome, attribute): a tenant's id belongs in logs and traces, not in metrics.
/// </summary>
public sealed class SyncTelemetry
{
    /// <summary>The meter's and the activity source's name.</summary>
    public const string Name = "AdminPortal";

    /// <summary>Spans: one per batch, with its plan and its write inside.</summary>
    public static readonly ActivitySource Traces = new(Name);

    private readonly Counter<long> batches;
    private readonly Counter<long> objects;
    private readonly Counter<long> quarantines;
    private readonly Counter<long> fixupReleases;
    private readonly Counter<long> deletionGuardHolds;
    private readonly Histogram<double> batchDuration;

    public SyncTelemetry(IMeterFactory meters)
    {
        var meter = meters.Create(Name);
        batches = meter.CreateCounter<long>("adminportal.sync.batches", "{batch}", "Sync batches, by mode and by what became of them (applied, held, dry_run).");
        objects = meter.CreateCounter<long>("adminportal.sync.objects", "{object}", "Objects of applied sync batches, by outcome.");
        quarantines = meter.CreateCounter<long>("adminportal.sync.quarantines", "{value}", "Values quarantined as duplicates, by attribute.");
        fixupReleases = meter.CreateCounter<long>("adminportal.fixup.releases", "{value}", "Quarantined values given back by fix-up, by attribute.");
        deletionGuardHolds = meter.CreateCounter<long>("adminportal.sync.deletion_guard.holds", "{export}", "Exports over the accidental-deletion threshold, kept for review.");
        batchDuration = meter.CreateHistogram<double>("adminportal.sync.duration", "s", "Time from a batch's arrival to its answer, by mode and result.");
    }

    /// <summary>A batch applied: its objects by outcome, the values it quarantined.</summary>
    public void Applied(SyncMode mode, OutcomeCounts counts, IReadOnlyDictionary<string, int> quarantined, TimeSpan took)
    {
        Batch(mode, "applied", took);
        foreach (var (outcome, count) in counts.ByOutcome().Where(c => c.Count > 0))
            objects.Add(count, new KeyValuePair<string, object?>("outcome", Tag(outcome.ToString())));
        foreach (var (attribute, count) in quarantined)
            quarantines.Add(count, new KeyValuePair<string, object?>("attribute", Tag(attribute)));
    }

    /// <summary>A batch over the deletion guard, kept for review instead of applied.</summary>
    public void Held(SyncMode mode, TimeSpan took)
    {
        Batch(mode, "held", took);
        deletionGuardHolds.Add(1);
    }

    public void DryRun(SyncMode mode, TimeSpan took) => Batch(mode, "dry_run", took);

    public void Released(string attribute, int count) =>
        fixupReleases.Add(count, new KeyValuePair<string, object?>("attribute", Tag(attribute)));

    private void Batch(SyncMode mode, string result, TimeSpan took)
    {
        var tags = new TagList { { "mode", Tag(mode.ToString()) }, { "result", result } };
        batches.Add(1, tags);
        batchDuration.Record(took.TotalSeconds, tags);
    }

    private static string Tag(string name) => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(name);
}
