namespace AdminPortal.Benchmarks;

/// <summary>
/// A sync client's pages, each made on another core while the one before is taken: the way the sync agent reads its
/// next page while it sends one. What the benchmark times is then the portal taking pages, not the benchmark making them.
/// </summary>
public static class PagesAhead
{
    public static async IAsyncEnumerable<TPage> OfAsync<TObject, TPage>(IEnumerable<TObject> objects, int pageObjects, Func<TObject[], TPage> prepare)
    {
        using var pages = objects.Chunk(pageObjects).GetEnumerator();
        Task<(bool, TPage?)> NextAsync() => Task.Run(() => pages.MoveNext() ? (true, prepare(pages.Current)) : (false, default(TPage)));
        for (var next = NextAsync(); await next is (true, var page);)
        {
            next = NextAsync();
            yield return page!;
        }
    }
}
