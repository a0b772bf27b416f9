using AdminPortal.SyncRules.Directory;
using AdminPortal.SyncRules.Features;
using AdminPortal.SyncRules.Sync;

namespace AdminPortal.SyncRules.Matching;

/// <summary>Soft match on userPrincipalName: users only, when EnableSoftMatchOnUpn is on and SMTP found nothing.</summary>
public sealed class SoftMatchUpnRule : IMatchRule
{
    public MatchRule Rule => MatchRule.SoftMatchUpn;

    public RuleVerdict Evaluate(MatchContext ctx)
    {
        if (ctx.Features.IsEnabled(DirSyncFeature.BlockSoftMatch))
            return CandidateCheck.Skipped(Rule, "BlockSoftMatch is on: soft matching is off.");
        if (!ctx.Features.IsEnabled(DirSyncFeature.EnableSoftMatchOnUpn))
            return CandidateCheck.Skipped(Rule, "EnableSoftMatchOnUpn is off.");
        if (ctx.Incoming.Type != ObjectType.User || ctx.Incoming.UserPrincipalName is null)
            return CandidateCheck.Skipped(Rule, "Only users soft-match by UPN.");

        var upn = ctx.Incoming.UserPrincipalName.ToLowerInvariant();
        var candidate = ctx.Index.ByUpn(upn);
        if (candidate is null)
            return CandidateCheck.NoCandidate(Rule, "No cloud user has this UPN.");
        // A synced holder is never a soft-match target, whatever its type: resiliency decides first. The type check is
        // for cloud-only candidates.
        if (CandidateCheck.AlreadySyncedOutcome(Rule, ctx, candidate, DirSyncFeature.DuplicateUpnResiliency) is { } synced) return synced;
        if (CandidateCheck.TypeOrAdminRefusal(Rule, ctx.Incoming, candidate) is { } refused) return refused;
        return CandidateCheck.Take(Rule, candidate, "Its UPN equals the incoming UPN and it has no immutableId.");
    }
}
