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

        var upn = DirectoryValue.Normalize(ctx.Incoming.UserPrincipalName);
        var candidate = ctx.Index.ByUpn(upn);
        if (candidate is null)
            return CandidateCheck.NoCandidate(Rule, "No cloud user has this UPN.");
        if (SoftMatch.Binds(ctx.Incoming.Type, candidate))
            return CandidateCheck.Take(Rule, candidate, "Its UPN equals the incoming UPN and it has no immutableId.");
        // Why not: a synced holder is never a soft-match target, whatever its type (resiliency decides first); the type
        // and admin-role checks are for cloud-only candidates.
        return CandidateCheck.AnchorUpdate(Rule, ctx, candidate)
               ?? CandidateCheck.AlreadySyncedOutcome(Rule, ctx, candidate, DirSyncFeature.DuplicateUpnResiliency)
               ?? CandidateCheck.TypeOrAdminRefusal(Rule, ctx.Incoming, candidate)
               ?? throw new System.Diagnostics.UnreachableException("SoftMatch.Binds refused a candidate no check refuses.");
    }
}
