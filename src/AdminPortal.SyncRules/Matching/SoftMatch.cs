using AdminPortal.SyncRules.Directory;

namespace AdminPortal.SyncRules.Matching;

/// <summary>Which object a soft match (on primary SMTP or on UPN) may bind: the rule both soft-match rules and the feature preview apply.</summary>
public static class SoftMatch
{
    /// <summary>
    /// A cloud-only object with no immutableId, of the incoming object's type, holding no administrator role. Every
    /// other candidate is refused or passed over, and the rules say why (CandidateCheck).
    /// </summary>
    public static bool Binds(ObjectType incoming, DirectoryObject candidate) =>
        candidate.ImmutableId is null && !candidate.SyncEnabled && candidate.Type == incoming && !candidate.HasAdminRole;
}
