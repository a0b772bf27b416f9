using AdminPortal.SyncRules.Directory;

namespace AdminPortal.SyncRules.Sync;

/// <summary>
/// The part of a tenant's directory that a batch (or the fix-up task) can touch, with the lookups the rules need:
/// by immutableId, by UPN and by proxy address. Rules detach an object before changing it and attach it after,
/// so the lookups always say who holds which value right now.
/// </summary>
public sealed class DirectoryIndex
{
    private readonly Dictionary<Guid, DirectoryObject> objects = [];
    private readonly Dictionary<string, DirectoryObject> byImmutableId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DirectoryObject> byUpn = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DirectoryObject> byProxy = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SyncFailure> failures = new(StringComparer.Ordinal);
    /// <summary>Every stored object ever loaded into the index, whether it still holds it or a rule removed it since.</summary>
    private readonly HashSet<Guid> loaded = [];

    public DirectoryIndex(IEnumerable<DirectoryObject> loaded, IEnumerable<SyncFailure>? failures = null,
        IReadOnlyDictionary<string, SyncedAnchor>? allSyncedAnchors = null, int syncedObjectCount = 0, int tenantObjectCount = 0)
    {
        AddLoaded(loaded, failures ?? []);
        AllSyncedAnchors = allSyncedAnchors;
        SyncedObjectCount = syncedObjectCount;
        TenantObjectCount = tenantObjectCount;
    }

    /// <summary>Every synced object's anchor and id; loaded for full syncs only, to find what the export left out.</summary>
    public IReadOnlyDictionary<string, SyncedAnchor>? AllSyncedAnchors { get; }

    /// <summary>How many synced objects the tenant holds; the base of a percentage deletion threshold.</summary>
    public int SyncedObjectCount { get; }

    /// <summary>How many objects the tenant held when the index was loaded: the store's choice of how to look keys up.</summary>
    public int TenantObjectCount { get; }

    /// <summary>
    /// Stored objects and failures loaded for more keys (a dry run fed chunk by chunk): only those the index never held
    /// are taken. One that an earlier chunk changed or removed stays as that chunk left it, not as the store still has
    /// it — each object decided sees the ones before it, as in one batch.
    /// </summary>
    public void AddLoaded(IEnumerable<DirectoryObject> objects, IEnumerable<SyncFailure> failures)
    {
        foreach (var o in objects)
            if (loaded.Add(o.Id)) Attach(o);
        // Rules never drop a failure from the index (a resolved one goes to the changes): the first loaded stays.
        foreach (var f in failures) this.failures.TryAdd(f.SourceAnchor, f);
    }

    /// <summary>
    /// An index for a run's next chunk, decided while <paramref name="beingWritten"/> (the chunk before it) is still being
    /// written: that chunk's objects as the store will hold them once written — copies, for the writer has the originals —
    /// and the objects it deleted held as gone, so that the store's older copies, loaded next, are not taken
    /// (<see cref="AddLoaded"/>). The chunks before it are written already: the store's copies of theirs are current.
    /// </summary>
    public static DirectoryIndex AsWritten(DirectoryChanges? beingWritten)
    {
        var index = new DirectoryIndex([]);
        if (beingWritten is null) return index;
        foreach (var o in beingWritten.Added) index.Hold(o.Clone());
        foreach (var o in beingWritten.Modified)
        {
            var copy = o.Clone();
            // The writer moves each modified object's stored version on.
            copy.Saved();
            index.Hold(copy);
        }
        index.loaded.UnionWith(beingWritten.Deleted);
        return index;
    }

    private void Hold(DirectoryObject written)
    {
        written.MarkLoaded();
        loaded.Add(written.Id);
        Attach(written);
    }

    public IEnumerable<DirectoryObject> Objects => objects.Values;

    public DirectoryObject? Find(Guid id) => objects.GetValueOrDefault(id);
    public DirectoryObject? ByImmutableId(string anchor) => byImmutableId.GetValueOrDefault(anchor);
    public DirectoryObject? ByUpn(string normalizedUpn) => byUpn.GetValueOrDefault(normalizedUpn);
    public DirectoryObject? ByProxy(string normalizedProxy) => byProxy.GetValueOrDefault(normalizedProxy);
    public SyncFailure? FailureFor(string anchor) => failures.GetValueOrDefault(anchor);

    /// <summary>The object holding a value of the given kind, or null when the value is free.</summary>
    public DirectoryObject? HolderOf(ConflictProperty property, string normalizedValue) =>
        property == ConflictProperty.UserPrincipalName ? ByUpn(normalizedValue) : ByProxy(normalizedValue);

    public void Attach(DirectoryObject o)
    {
        objects[o.Id] = o;
        if (o.ImmutableId is not null) byImmutableId[o.ImmutableId] = o;
        if (o.UpnNormalized is { } upn) byUpn[upn] = o;
        foreach (var p in o.ProxyAddresses) byProxy[p.Normalized] = o;
    }

    public void Detach(DirectoryObject o)
    {
        objects.Remove(o.Id);
        if (o.ImmutableId is not null && byImmutableId.GetValueOrDefault(o.ImmutableId) == o) byImmutableId.Remove(o.ImmutableId);
        if (o.UpnNormalized is { } upn && byUpn.GetValueOrDefault(upn) == o) byUpn.Remove(upn);
        foreach (var p in o.ProxyAddresses)
            if (byProxy.GetValueOrDefault(p.Normalized) == o) byProxy.Remove(p.Normalized);
    }
}

/// <summary>A synced object as a full sync needs to know it: enough to delete it.</summary>
public readonly record struct SyncedAnchor(Guid Id, ObjectType Type);
