using AdminPortal.ActiveDirectory;
using AdminPortal.SyncRules.Sync;
using Microsoft.Extensions.Logging;

namespace AdminPortal.SyncAgent;

/// <summary>
/// One cycle's export as it is read: entries mapped and sent to a sync run a page at a time (the run opened with the
/// first page, so a delta with nothing in it sends nothing), deletions named by what an earlier export sent, and what
/// the service will hold once it accepts — the agent's next state. An object is sent at most once a run: what is seen
/// twice in one cycle (changed while it was read) has a newer change the next cycle reads again.
/// </summary>
internal sealed class CycleExport(SyncApiClient api, string mode, int pageObjects, AgentState? previous, ILogger logger)
{
    private readonly Dictionary<Guid, SyncedObject?> changes = [];
    private readonly HashSet<Guid> seen = [];
    private List<IncomingObject> page = new(pageObjects);

    public Guid? Run { get; private set; }
    public int Read { get; private set; }
    public int Sent { get; private set; }
    public int Skipped { get; private set; }
    public int Deletions { get; private set; }

    /// <summary>An entry read in scope: sent as it maps, or — left out by the skip rules — deleted if an earlier export sent it.</summary>
    public async Task EntryAsync(DirectoryEntry entry, CancellationToken ct)
    {
        Read++;
        if (entry.Values("objectGUID") is not [{ Bytes: { Length: 16 } bytes }])
            throw new CycleFailedException($"The directory answered {entry.Dn} without its objectGUID.");
        var guid = new Guid(bytes);
        if (!seen.Add(guid)) return;
        var mapped = EntryMapping.Map(entry);
        if (mapped.Object is { } o)
        {
            changes[guid] = new SyncedObject(o.SourceAnchor!, o.ObjectType!);
            await AddAsync(o, ct);
            return;
        }
        Skipped++;
        logger.LogDebug("Skipped {Dn}: {Reason}", entry.Dn, mapped.SkippedBecause);
        await GoneAsync(guid, ct);
    }

    /// <summary>An object deleted, or now out of scope: its deletion sent if an earlier export sent the object.</summary>
    public async Task GoneAsync(Guid guid, CancellationToken ct)
    {
        seen.Add(guid);
        if (previous?.Objects.TryGetValue(guid, out var sent) != true || changes.ContainsKey(guid)) return;
        changes[guid] = null;
        Deletions++;
        await AddAsync(new IncomingObject { ObjectType = sent.Type, SourceAnchor = sent.Anchor, IsDeleted = true }, ct);
    }

    private async Task AddAsync(IncomingObject o, CancellationToken ct)
    {
        page.Add(o);
        if (page.Count >= pageObjects) await FlushAsync(ct);
    }

    /// <summary>Sends what is left; a full export is sent even when empty (it says the scope holds nothing).</summary>
    public async Task FinishAsync(CancellationToken ct)
    {
        if (page.Count > 0 || (Run is null && previous is null)) await FlushAsync(ct);
    }

    private async Task FlushAsync(CancellationToken ct)
    {
        Run ??= await api.OpenRunAsync(mode, ct);
        if (page.Count == 0) return;
        await api.SendPageAsync(Run.Value, page, Sent, ct);
        Sent += page.Count;
        page = new List<IncomingObject>(pageObjects);
        logger.LogInformation("Run {Run}: {Sent} objects sent so far, {Read} entries read", Run, Sent, Read);
    }

    /// <summary>What the service holds once it accepted this export: the earlier state with this export's changes.</summary>
    public Dictionary<Guid, SyncedObject> Accepted()
    {
        var objects = previous is null ? new Dictionary<Guid, SyncedObject>(changes.Count) : new Dictionary<Guid, SyncedObject>(previous.Objects);
        foreach (var (guid, o) in changes)
            if (o is { } kept) objects[guid] = kept;
            else objects.Remove(guid);
        return objects;
    }
}
