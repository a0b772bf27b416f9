using AdminPortal.SyncRules.Sync;

namespace AdminPortal.SyncRules.Tests;

/// <summary>The index a run's next chunk is decided in while the chunk before it is still being written.</summary>
public class DirectoryIndexRules
{
    private static Directory.DirectoryObject Cloud(string upn) => DirectoryObjectRules.Cloud(upn);

    [Fact]
    public void The_chunk_being_written_is_held_as_it_will_be_stored_and_the_stores_older_copies_are_not_taken()
    {
        var (added, modified, deleted) = (Cloud("new@contoso.com"), Cloud("kept@contoso.com"), Cloud("gone@contoso.com"));
        var changes = new DirectoryChanges();
        changes.Add(added);
        changes.Modify(modified);
        changes.Delete(deleted.Id);

        var index = DirectoryIndex.AsWritten(changes);
        // The store, not yet written, still has the old copies: the modified one at its old version, the deleted one.
        index.AddLoaded([Cloud("other@contoso.com"), modified.Clone(), deleted], []);

        // Copies: the writer's objects are its own while the next chunk is decided.
        Assert.NotSame(added, index.Find(added.Id));
        Assert.NotSame(modified, index.Find(modified.Id));
        // The writer moves a modified object's version on; a new one is stored at its own.
        Assert.Equal(modified.Version + 1, index.Find(modified.Id)!.Version);
        Assert.Equal(added.Version, index.Find(added.Id)!.Version);
        Assert.Null(index.Find(deleted.Id));
        Assert.Null(index.ByUpn("gone@contoso.com"));
        Assert.Equal(3, index.Objects.Count());
    }

    [Fact]
    public void Without_a_chunk_being_written_the_index_is_the_stores()
    {
        var index = DirectoryIndex.AsWritten(null);
        var stored = Cloud("ann@contoso.com");
        index.AddLoaded([stored], []);
        Assert.Same(stored, index.ByUpn("ann@contoso.com"));
    }
}
