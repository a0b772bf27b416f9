using AdminPortal.SyncRules.Features;
using AdminPortal.SyncRules.Sync;
using AdminPortal.SyncRules.Tenants;

namespace AdminPortal.SyncRules.Matching;

/// <summary>What a match rule may look at: the tenant (and its features), the directory, the incoming object.</summary>
public sealed record MatchContext(Tenant Tenant, DirectoryIndex Index, ExportedObject Incoming)
{
    public FeatureSet Features => Tenant.Features;
}

/// <summary>A rule's answer: the step to record, and either the object to bind, a refusal, or neither (try the next rule).</summary>
public sealed record RuleVerdict(History.MatchStep Step, Directory.DirectoryObject? Match, SyncError? Refusal);

public interface IMatchRule
{
    MatchRule Rule { get; }
    RuleVerdict Evaluate(MatchContext context);
}
