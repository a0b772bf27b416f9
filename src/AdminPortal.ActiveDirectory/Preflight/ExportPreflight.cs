using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using AdminPortal.ActiveDirectory.Checks;
using AdminPortal.SyncRules.ReadModels;
using AdminPortal.SyncRules.Sync;

namespace AdminPortal.ActiveDirectory.Preflight;

/// <summary>
/// "What will happen to my objects?": an export file read as a stream, each entry mapped as Entra Connect maps it,
/// checked with IdFix's rules and with AdminPortal's own, then the objects AdminPortal accepts decided by the engine's
/// dry run against the tenant as it is now. Nothing is written. Fixes an admin accepted may be applied to the entries
/// on the way in, to see what they would change before anyone touches the domain.
/// </summary>
public sealed class ExportPreflight(SyncService sync, IDirectoryQueries directory)
{
    /// <summary>Objects handed to the engine at a time while the file is still read.</summary>
    internal const int ChunkObjects = 5_000;

    public async Task<PreflightReport> RunAsync(Guid tenantId, Stream file, ExportFormat format, SyncMode mode, string actor,
        AcceptedFixes? fixes = null, CancellationToken ct = default)
    {
        var skipped = new List<SkippedEntry>();
        var refusals = new List<Finding>();
        var export = new List<IncomingObject>();
        // Where each object the engine is given comes from (its count is the next one's index), and each anchor's first
        // entry: entry numbers of the checks' record of the file (IdFixChecks.Entry), not a DN and line kept again.
        var placed = new List<int>();
        var anchors = new Dictionary<string, int>(StringComparer.Ordinal);
        var entries = 0;
        // The tenant first: an unknown one is answered before a large file is read.
        var decisions = await sync.BeginDryRunAsync(tenantId, mode, actor, ct);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        // The engine's dry run of the objects read so far runs beside the reading, a chunk at a time, on the other core:
        // the decisions do not wait for the whole file, and the reading thread (reading, mapping, IdFix's checks,
        // AdminPortal's validation) and the deciding one are one each for the two cores. (IdFix's checks on a thread of
        // their own as well measured no faster: three busy threads on two cores.) At most two chunks wait between them.
        var checks = new IdFixChecks();
        var findings = new List<Finding>();
        var chunks = Channel.CreateBounded<List<ExportedObject>>(new BoundedChannelOptions(2) { SingleReader = true, SingleWriter = true });
        var deciding = Task.Run(async () =>
        {
            try
            {
                await foreach (var chunk in chunks.Reader.ReadAllAsync(stop.Token)) await decisions.DecideAsync(chunk, stop.Token);
            }
            catch (Exception e)
            {
                // The reading stops at its next chunk, not blocked on a queue nobody empties.
                chunks.Writer.TryComplete(e);
                throw;
            }
        }, stop.Token);
        try
        {
            var chunk = new List<ExportedObject>(ChunkObjects);
            // Only what the mapping and the checks read: an export carries dozens of attributes per entry.
            await foreach (var read in ExportFile.ReadAsync(file, format, EntryMapping.AttributesRead, stop.Token))
            {
                entries++;
                var entry = fixes?.Apply(read) ?? read;
                var mapped = EntryMapping.Map(entry);
                if (mapped.Object is not { } o) { skipped.Add(new SkippedEntry(entry.Dn, entry.Line, mapped.SkippedBecause!)); continue; }
                var number = checks.Check(entry, o.ObjectType!, findings);
                var exported = BatchValidator.Check(o, placed.Count, out var problems);
                var before = refusals.Count;
                Refuse(refusals, entry, o, problems);
                if (!anchors.TryAdd(o.SourceAnchor!, number))
                {
                    var first = checks.Entry(anchors[o.SourceAnchor!]);
                    refusals.Add(Refusal(entry, EntryMapping.AnchorAttributeOf(entry), o.SourceAnchor,
                        $"The source anchor is also {first.DistinguishedName}'s (line {first.Line}); each object may appear once in an export."));
                }
                if (refusals.Count > before) continue;
                export.Add(o);
                placed.Add(number);
                chunk.Add(exported!);
                if (chunk.Count < ChunkObjects) continue;
                await chunks.Writer.WriteAsync(chunk, stop.Token);
                chunk = new List<ExportedObject>(ChunkObjects);
            }
            if (chunk.Count > 0) await chunks.Writer.WriteAsync(chunk, stop.Token);
            chunks.Writer.TryComplete();
            await deciding;
        }
        catch (Exception e)
        {
            // A malformed file, or a decision that failed: the other side stops, and the first failure is the answer.
            chunks.Writer.TryComplete();
            await stop.CancelAsync();
            await Settled(deciding);
            if (e is ChannelClosedException && deciding.Exception?.InnerException is { } failed) ExceptionDispatchInfo.Throw(failed);
            throw;
        }
        // The anchors are not needed any more: let them go before the results are built.
        anchors.Clear();
        var dryRun = decisions.End();
        findings.AddRange(refusals);
        // In file order, IdFix's findings of an entry before AdminPortal's (a stable sort keeps that).
        var ordered = findings.OrderBy(f => f.Line).ToList();
        // A synced object the file leaves out is named by the DN it was last synced from: the export no longer has it.
        var leftOut = await directory.DistinguishedNamesAsync(tenantId,
            dryRun.Results.Where(r => r.Index < 0 && r.ObjectId is not null).Select(r => r.ObjectId!.Value).ToList(), ct);
        WhatIf WhatIfOf(ObjectResult r)
        {
            var upn = r.ObjectId is { } id ? dryRun.UpnsAfter.GetValueOrDefault(id) : null;
            // An object of the file where the file has it; one the file leaves out by the DN it was synced from, no line.
            if (r.Index < 0) return new WhatIf(r.ObjectId is { } gone ? leftOut.GetValueOrDefault(gone) : null, null, r, upn);
            var at = checks.Entry(placed[r.Index]);
            return new WhatIf(at.DistinguishedName, at.Line, r, upn);
        }
        var whatIfs = dryRun.Results.Select(WhatIfOf).ToList();
        return new PreflightReport(entries, skipped, ordered, export, dryRun, whatIfs, fixes?.Count ?? 0);
    }

    /// <summary>A task run to its end, whatever its end: what failed first was already heard.</summary>
    private static async Task Settled(Task task)
    {
        try { await task; }
        catch (Exception) { /* the failure that stopped the pre-flight is the one it answers */ }
    }

    /// <summary>AdminPortal's own refusals of one object, in their words, on the attribute of the entry they come from.</summary>
    private static void Refuse(List<Finding> found, DirectoryEntry entry, IncomingObject mapped, IReadOnlyDictionary<string, string[]> problems)
    {
        foreach (var (field, messages) in problems)
        {
            var (attribute, index) = EntryMapping.AttributeOf(field, entry);
            var values = entry.Values(attribute);
            // The anchor's attribute holds bytes: its value is shown as the anchor is, in base64, not as the bytes read as text.
            var value = field == "sourceAnchor" ? mapped.SourceAnchor
                : index is { } i && i < values.Count ? values[i].Text : values is [var first, ..] ? first.Text : null;
            found.AddRange(messages.Select(m => Refusal(entry, attribute, value, m)));
        }
    }

    private static Finding Refusal(DirectoryEntry entry, string attribute, string? value, string message) =>
        new(entry.Dn, entry.Line, attribute, value, FindingError.AdminPortal, null, message);
}
