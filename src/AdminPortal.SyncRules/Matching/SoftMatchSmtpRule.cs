using AdminPortal.SyncRules.Features;
using AdminPortal.SyncRules.Sync;

namespace AdminPortal.SyncRules.Matching;

/// <summary>Soft match on the primary SMTP address: users, mail-enabled groups and contacts.</summary>
public sealed class SoftMatchSmtpRule : IMatchRule
{
    public MatchRule Rule => MatchRule.SoftMatchSmtp;

    public RuleVerdict Evaluate(MatchContext ctx)
    {
        if (ctx.Features.IsEnabled(DirSyncFeature.BlockSoftMatch))
            return CandidateCheck.Skipped(Rule, "BlockSoftMatch is on: soft matching is off.");
        if (!ctx.Incoming.CanSoftMatch)
            return CandidateCheck.Skipped(Rule, "The incoming group is not mail-enabled; such groups never match.");
        if (ctx.Incoming.PrimarySmtpNormalized is not { } primary)
            return CandidateCheck.Skipped(Rule, "The incoming object has no primary SMTP address.");

        var holder = ctx.Index.ByProxy(primary);
        if (holder is null)
            return CandidateCheck.NoCandidate(Rule, "No cloud object has this primary SMTP address.");
        if (holder.PrimarySmtpNormalized != primary)
            return CandidateCheck.PassOver(Rule, holder,
                $"{CandidateCheck.Describe(holder)} holds '{primary[5..]}' only as a secondary address; soft match compares primary SMTP addresses.");
        // A synced holder is never a soft-match target, whatever its type: resiliency decides first. The type check is
        // for cloud-only candidates.
        if (SoftMatch.Binds(ctx.Incoming.Type, holder))
            return CandidateCheck.Take(Rule, holder, "Its primary SMTP address equals the incoming primary SMTP address and it has no immutableId.");
        return CandidateCheck.AnchorUpdate(Rule, ctx, holder)
               ?? CandidateCheck.AlreadySyncedOutcome(Rule, ctx, holder, DirSyncFeature.DuplicateProxyAddressResiliency)
               ?? CandidateCheck.TypeOrAdminRefusal(Rule, ctx.Incoming, holder)
               ?? throw new System.Diagnostics.UnreachableException("SoftMatch.Binds refused a candidate no check refuses.");
    }
}
