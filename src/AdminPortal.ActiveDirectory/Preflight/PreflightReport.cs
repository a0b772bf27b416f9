using AdminPortal.ActiveDirectory.Checks;
using AdminPortal.SyncRules.Sync;

namespace AdminPortal.ActiveDirectory.Preflight;

/// <summary>An entry the sync client would not export, and why.</summary>
public sealed record SkippedEntry(string DistinguishedName, int Line, string Reason);

/// <summary>
/// What the tenant would do with one object of the file (or, for a full export, with a synced object the file leaves
/// out: the DN it was last synced from, no line): the engine's result, and the UPN the user would end up with.
/// </summary>
public sealed record WhatIf(string? DistinguishedName, int? Line, ObjectResult Result, string? UpnAfter);

/// <summary>
/// A pre-flight of one export against one tenant: entries read, objects exported, the skipped entries, IdFix's findings
/// and AdminPortal's own (objects AdminPortal would refuse are left out of the what-if), and the engine's dry run.
/// </summary>
public sealed record PreflightReport(int Entries, IReadOnlyList<SkippedEntry> Skipped, IReadOnlyList<Finding> Findings,
    IReadOnlyList<IncomingObject> Export, DryRunOutcome DryRun, IReadOnlyList<WhatIf> WhatIfs, int FixesApplied)
{
    /// <summary>The mode the export was decided in (a full export deletes what it leaves out).</summary>
    public SyncMode Mode => DryRun.Batch.Mode;

    /// <summary>Each object's outcome in the what-if by DN; "Left out" for an object AdminPortal's rules refuse.</summary>
    public IReadOnlyDictionary<string, string> OutcomesByDn()
    {
        var outcomes = WhatIfs.Where(w => w.DistinguishedName is not null)
            .ToDictionary(w => w.DistinguishedName!, w => w.Result.Outcome.ToString(), StringComparer.OrdinalIgnoreCase);
        foreach (var f in Findings.Where(f => f.Error == FindingError.AdminPortal)) outcomes.TryAdd(f.DistinguishedName, "Left out");
        return outcomes;
    }

    /// <summary>Objects mapped from the file, those AdminPortal refuses included.</summary>
    public int Objects => Entries - Skipped.Count;

    /// <summary>Objects left out of the what-if because AdminPortal's rules refuse them (each has an AdminPortal finding).</summary>
    public int Refused => Objects - Export.Count;
}
