using AdminPortal.SyncRules.Reviews;
using AdminPortal.SyncRules.Sync;

namespace AdminPortal.SyncRules.Tests;

/// <summary>A held export settles once: only while it awaits review, and only to a settled status.</summary>
public class HeldExportRules
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 0, 0, 0, TimeSpan.Zero);

    private static HeldExport Held(HeldExportStatus status) =>
        new(Guid.NewGuid(), Guid.NewGuid(), "client", Now, SyncMode.Full, 10, 8, 20, status, 3, status == HeldExportStatus.AwaitingReview ? null : "bob", null);

    [Fact]
    public void An_export_awaiting_review_settles_at_the_version_read()
    {
        var held = Held(HeldExportStatus.AwaitingReview);
        var decision = held.Settle(HeldExportStatus.Discarded, "alice", Now);
        Assert.Equal((held.Id, 3, HeldExportStatus.Discarded, "alice"), (decision.Id, decision.Version, decision.Status, decision.Actor));
    }

    [Theory]
    [InlineData(HeldExportStatus.Allowed, "already allowed by bob")]
    [InlineData(HeldExportStatus.Discarded, "already discarded by bob")]
    [InlineData(HeldExportStatus.Superseded, "superseded")]
    public void A_settled_export_settles_no_more_saying_how_it_was_settled(HeldExportStatus status, string said)
    {
        var refused = Assert.Throws<DomainException>(() => Held(status).Settle(HeldExportStatus.Allowed, "alice", Now));
        Assert.Equal(RefusalKind.Conflict, refused.Kind);
        Assert.Contains(said, refused.Message);
    }

    [Fact]
    public void Awaiting_review_is_no_way_to_settle()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Held(HeldExportStatus.AwaitingReview).Settle(HeldExportStatus.AwaitingReview, "alice", Now));
    }
}
