using AdminPortal.SyncRules.Features;
using AdminPortal.SyncRules.Sync;

namespace AdminPortal.SyncRules.Matching;

/// <summary>Hard match: the source anchor equals a cloud object's immutableId. Takes over an object that is not sync-enabled.</summary>
public sealed class HardMatchRule : IMatchRule
{
    public MatchRule Rule => MatchRule.HardMatch;

    public RuleVerdict Evaluate(MatchContext ctx)
    {
        var candidate = ctx.Index.ByImmutableId(ctx.Incoming.SourceAnchor);
        if (candidate is null)
            return CandidateCheck.NoCandidate(Rule, "No cloud object has this source anchor as its immutableId.");
        if (CandidateCheck.TypeOrAdminRefusal(Rule, ctx.Incoming, candidate) is { } refused) return refused;
        if (ctx.Features.IsEnabled(DirSyncFeature.BlockCloudObjectTakeoverThroughHardMatch))
            return CandidateCheck.Refuse(Rule, candidate, SyncErrorCodes.InvalidHardMatch,
                $"{CandidateCheck.Describe(candidate)} has this immutableId but is not sync-enabled, and BlockCloudObjectTakeoverThroughHardMatch is on.");
        return CandidateCheck.Take(Rule, candidate,
            "Its immutableId equals the source anchor; the cloud object was not sync-enabled and is taken over.");
    }
}
