using System.Threading.Channels;

namespace AdminPortal.SyncRules.Sync;

/// <summary>
/// Committed runs whose staged pages are left to be removed after the commit has answered its client, instead of before
/// (twelve minutes at 10,000,000 objects on SQLite). Registered by a host that removes them in the background; without
/// one, a commit removes its pages itself before it answers. Whatever is not removed (the process stopped first), the
/// expiry sweep removes (<see cref="SyncRunService.SweepAsync"/>).
/// </summary>
public sealed class StagedPagesRemoval
{
    private readonly Channel<Guid> committed = Channel.CreateUnbounded<Guid>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>The committed run whose pages are to go.</summary>
    public void Leave(Guid runId) => committed.Writer.TryWrite(runId);

    /// <summary>The runs left, as they come.</summary>
    public IAsyncEnumerable<Guid> ReadAllAsync(CancellationToken ct) => committed.Reader.ReadAllAsync(ct);
}
