using System.Linq.Expressions;
using AdminPortal.SyncRules.Directory;

namespace AdminPortal.SyncRules.Conflicts;

/// <summary>Where a conflict stands, as Connect Health names it.</summary>
public enum ConflictStatus
{
    /// <summary>A cloud-only object holds the value, and nobody noted it: it can be fixed here.</summary>
    NotStarted,
    /// <summary>A synced object holds the value, or an operator noted it is to be fixed on premises.</summary>
    ManualFixRequired,
    /// <summary>Nobody holds the value any more: the fix-up task restores it.</summary>
    PendingSync,
}

/// <summary>What a conflict's status depends on: whether the value's holder is synced (null: nobody holds it) and whether it is noted.</summary>
/// <remarks>Properties set by initializer, not a constructor: a query can build it in the database's terms.</remarks>
public sealed record ConflictFacts
{
    public bool? HolderSynced { get; init; }
    public bool Noted { get; init; }
}

/// <summary>What can be done about a conflict from here.</summary>
public enum ResolutionKind { RemoveValue, DeleteHolder, FixOrphan, MarkFixAtSource, Fixup }

/// <summary>
/// The rules of a conflict, each written once: its status (an expression, so the database filters by the very rule
/// the portal shows — the conflicts query applies it, ConflictStatusParity proves both agree), and the resolutions it
/// offers (the page shows these, the services refuse the others).
/// </summary>
public static class ConflictRules
{
    /// <summary>The status rule, for the database and for memory alike.</summary>
    public static readonly Expression<Func<ConflictFacts, ConflictStatus>> StatusRule = f =>
        f.HolderSynced == null ? ConflictStatus.PendingSync
        : f.HolderSynced == true || f.Noted ? ConflictStatus.ManualFixRequired
        : ConflictStatus.NotStarted;

    private static readonly Func<ConflictFacts, ConflictStatus> Compiled = StatusRule.Compile();

    public static ConflictStatus StatusOf(ConflictFacts facts) => Compiled(facts);

    /// <summary>What can be done about the value <paramref name="quarantined"/> wants and <paramref name="holder"/> holds (null: nobody).</summary>
    public static IEnumerable<ResolutionKind> Resolutions(ConflictProperty property, DirectoryObject quarantined, DirectoryObject? holder)
    {
        if (holder is { SyncEnabled: false })
        {
            // A cloud-only holder gives the value up here: one address of several, or the whole (stale) object.
            if (property == ConflictProperty.ProxyAddress) yield return ResolutionKind.RemoveValue;
            yield return ResolutionKind.DeleteHolder;
        }
        if (holder is not null && IsOrphan(keep: holder, duplicate: quarantined)) yield return ResolutionKind.FixOrphan;
        yield return ResolutionKind.MarkFixAtSource;
        yield return ResolutionKind.Fixup;
    }

    /// <summary>
    /// Connect Health's orphaned-object fix applies when the on-premises object behind <paramref name="keep"/> came
    /// back as <paramref name="duplicate"/>: two synced objects of one type, the duplicate carrying the new anchor.
    /// </summary>
    public static bool IsOrphan(DirectoryObject keep, DirectoryObject duplicate) =>
        keep.Id != duplicate.Id && keep.SyncEnabled && duplicate.SyncEnabled && keep.Type == duplicate.Type && duplicate.ImmutableId is not null;
}
