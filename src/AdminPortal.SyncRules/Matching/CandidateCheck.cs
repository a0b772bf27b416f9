using AdminPortal.SyncRules.Directory;
using AdminPortal.SyncRules.Features;
using AdminPortal.SyncRules.History;
using AdminPortal.SyncRules.Sync;

namespace AdminPortal.SyncRules.Matching;

/// <summary>The checks every candidate of every rule goes through, in the order the service applies them.</summary>
internal static class CandidateCheck
{
    public static RuleVerdict Take(MatchRule rule, DirectoryObject candidate, string why) =>
        new(new MatchStep(rule, true, "Matched " + Describe(candidate) + ".", [Candidate(candidate, true, why)]), candidate, null);

    public static RuleVerdict Refuse(MatchRule rule, DirectoryObject candidate, string code, string why,
        ConflictProperty? property = null, string? value = null) =>
        new(new MatchStep(rule, true, $"Refused with {code}.", [Candidate(candidate, false, why)]),
            null, new SyncError(code, property?.ToString(), value, why));

    public static RuleVerdict PassOver(MatchRule rule, DirectoryObject candidate, string why) =>
        new(new MatchStep(rule, true, "No candidate could be taken.", [Candidate(candidate, false, why)]), null, null);

    // Verdicts without candidates carry constant texts: one shared instance each, instead of one per object of a batch.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(MatchRule, bool, string), RuleVerdict> Shared = new();

    public static RuleVerdict NoCandidate(MatchRule rule, string why) =>
        Shared.GetOrAdd((rule, true, why), k => new(new MatchStep(k.Item1, k.Item2, k.Item3, []), null, null));

    public static RuleVerdict Skipped(MatchRule rule, string why) =>
        Shared.GetOrAdd((rule, false, why), k => new(new MatchStep(k.Item1, k.Item2, k.Item3, []), null, null));

    /// <summary>Type and admin-role checks shared by hard and soft match; null when the candidate passes them.</summary>
    public static RuleVerdict? TypeOrAdminRefusal(MatchRule rule, ExportedObject incoming, DirectoryObject candidate)
    {
        if (candidate.Type != incoming.Type)
            return Refuse(rule, candidate, SyncErrorCodes.ObjectTypeMismatch,
                $"{Describe(candidate)} is a {Name(candidate.Type)}; the incoming object is a {Name(incoming.Type)}.");
        if (candidate.HasAdminRole)
            return Refuse(rule, candidate, SyncErrorCodes.ExistingAdminRoleConflict, rule == MatchRule.HardMatch
                // The 2026 hardening (MC1262584) in Microsoft's words; AdminPortal refused every admin match before it.
                ? $"{HardMatchHardening} {Describe(candidate)} holds a directory role; the rule that applies: a cloud admin is never matched (Existing Admin Role Conflict)."
                : $"{Describe(candidate)} holds an administrator role; a cloud admin is never matched (Existing Admin Role Conflict).");
        return null;
    }

    /// <summary>Microsoft's message for a hard match onto a user holding a directory role (2026).</summary>
    public const string HardMatchHardening = "Hard match operation blocked due to security hardening. Review OnPremisesObjectIdentifier mapping.";

    /// <summary>
    /// While AllowOnPremUpdateOfOnPremisesObjectIdentifier is on (a migration or recovery), a soft match may bind an object
    /// already mapped to another source anchor, of the same type and holding no role (not one an admin made cloud-managed):
    /// the sync client moves it to its new anchor. Null otherwise: an object's anchor never changes by sync.
    /// </summary>
    public static RuleVerdict? AnchorUpdate(MatchRule rule, MatchContext ctx, DirectoryObject candidate) =>
        ctx.Features.IsEnabled(DirSyncFeature.AllowOnPremUpdateOfOnPremisesObjectIdentifier) && candidate.ImmutableId is { } anchor
        && candidate.Type == ctx.Incoming.Type && !candidate.HasAdminRole && !candidate.IsCloudManaged
            ? Take(rule, candidate, $"It is mapped to source anchor '{anchor}'; with AllowOnPremUpdateOfOnPremisesObjectIdentifier on, the sync client moves it to '{ctx.Incoming.SourceAnchor}'.")
            : null;

    /// <summary>
    /// Soft match binds only an object with no immutableId; what happens otherwise depends on resiliency. A synced holder
    /// of another type is no candidate at all (there is no type to mismatch): with resiliency on the incoming object is
    /// provisioned and the value quarantined, as for one of the same type; with it off the value is simply taken
    /// (AttributeValueMustBeUnique). Microsoft lists the cross-type case as throwing the conflict even with resiliency
    /// on; AdminPortal does what resiliency promises.
    /// </summary>
    public static RuleVerdict? AlreadySyncedOutcome(MatchRule rule, MatchContext ctx, DirectoryObject candidate, DirSyncFeature resiliency)
    {
        if (candidate.ImmutableId is null && !candidate.SyncEnabled) return null;
        var definition = FeatureCatalog.Get(resiliency);
        var otherType = candidate.Type != ctx.Incoming.Type;
        if (ctx.Features.IsEnabled(resiliency))
            return PassOver(rule, candidate,
                $"{Describe(candidate)} is already bound to source anchor '{candidate.ImmutableId}'" +
                (otherType ? $" and is a {Name(candidate.Type)}, not a {Name(ctx.Incoming.Type)}" : "") +
                $". With {definition.LegacyName} on, the incoming object is provisioned on its own and the duplicate value is quarantined" +
                (otherType ? "." : " instead of InvalidSoftMatch."));
        return Refuse(rule, candidate, otherType ? SyncErrorCodes.AttributeValueMustBeUnique : SyncErrorCodes.InvalidSoftMatch,
                otherType
                    ? $"{Describe(candidate)} is a synced {Name(candidate.Type)} holding this value; a synced object is never soft-matched, " +
                      $"and with {definition.LegacyName} off the value must be unique."
                    : $"{Describe(candidate)} already has immutableId '{candidate.ImmutableId}'; soft match binds only objects without one " +
                      $"({definition.LegacyName} is off).",
                // Named so that a preview of enabling the resiliency feature can find these failures.
                resiliency == DirSyncFeature.DuplicateUpnResiliency ? ConflictProperty.UserPrincipalName : ConflictProperty.ProxyAddress,
                resiliency == DirSyncFeature.DuplicateUpnResiliency ? ctx.Incoming.UserPrincipalName
                    : ctx.Incoming.ProxyAddresses.FirstOrDefault(p => p.IsPrimarySmtp).Value);
    }

    public static MatchCandidate Candidate(DirectoryObject o, bool taken, string reason) =>
        new(o.Id, o.DisplayName, o.Type, taken, reason);

    public static string Describe(DirectoryObject o) => $"{Name(o.Type)} '{o.DisplayName}' ({o.Id})";

    public static string Name(ObjectType t) => t.ToString().ToLowerInvariant();
}
