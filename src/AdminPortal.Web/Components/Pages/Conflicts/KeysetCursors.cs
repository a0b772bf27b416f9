namespace AdminPortal.Web.Components.Pages.Conflicts;

/// <summary>
/// Where each page of a keyset-paged list starts: page 0 at the beginning, page n+1 after the last row of page n.
/// Only pages reached by walking forward are known, which is all a Previous/Next pager asks for.
/// </summary>
public sealed class KeysetCursors
{
    private readonly List<string?> starts = [null];

    public int Page { get; private set; }

    /// <summary>The cursor the current page is read from.</summary>
    public string? Current => starts[Page];

    public bool HasPrevious => Page > 0;
    public bool HasNext => starts.Count > Page + 1;

    /// <summary>Records where the page after the current one starts (null: the current page is the last).</summary>
    public void Loaded(string? nextCursor)
    {
        starts.RemoveRange(Page + 1, starts.Count - Page - 1);
        if (nextCursor is not null) starts.Add(nextCursor);
    }

    public void Next() { if (HasNext) Page++; }
    public void Previous() { if (HasPrevious) Page--; }

    /// <summary>Back to the first page: the filter or the order changed, so every later start is void.</summary>
    public void Reset()
    {
        Page = 0;
        starts.RemoveRange(1, starts.Count - 1);
    }
}
