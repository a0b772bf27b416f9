using AdminPortal.SyncRules.Directory;
using AdminPortal.SyncRules.Tenants;
using AdminPortal.SyncRules.Uniqueness;

namespace AdminPortal.SyncRules.Sync;

/// <summary>What applying an export to an object did: an error (nothing changed), or quarantines and warnings.</summary>
public sealed record ApplyResult(SyncError? Error, IReadOnlyList<QuarantineNotice> Quarantined, IReadOnlyList<string> Warnings);

/// <summary>
/// Writes an export's attributes onto a cloud object, on-premises mastered from then on. It decides first
/// (UPN rule, uniqueness) and changes the object only when nothing fails, so a failure leaves it untouched.
/// </summary>
public sealed class AttributeApplier(IRandomDigits digits)
{
    /// <param name="target">The object, detached from the index.</param>
    /// <param name="existing">True when the object already existed (update or match): UPN update rules apply.</param>
    public ApplyResult Apply(Tenant tenant, DirectoryIndex index, DirectoryObject target, ExportedObject incoming, bool existing, DateTimeOffset now)
    {
        var warnings = new List<string>();
        string? desiredUpn = null;
        if (incoming.Type == ObjectType.User && incoming.UserPrincipalName is not null)
        {
            var decision = UpnUpdateRule.Decide(tenant, existing ? target : null, incoming.UserPrincipalName, incoming.MailNickname);
            if (decision.Error is not null) return new(decision.Error, [], []);
            if (decision.Warning is not null) warnings.Add(decision.Warning);
            desiredUpn = decision.Upn;
        }

        var conflicts = UniquenessRule.Find(tenant, index, desiredUpn, incoming.ProxyAddresses);
        if (conflicts.FirstOrDefault(c => !c.Quarantinable) is { } fatal)
            return new(UniquenessRule.ToError(fatal), [], []);

        target.ApplyExport(incoming, now);

        var previous = target.Quarantine;
        var quarantine = new List<QuarantinedValue>();
        // A value still in conflict keeps its quarantine record: its time and its placeholder.
        QuarantinedValue Keep(ConflictProperty property, string value, Func<string?> placeholder) =>
            previous.FirstOrDefault(q => q.Property == property && q.NormalizedValue == DirectoryValue.Normalize(value))
            ?? new(property, value, placeholder(), now);

        if (desiredUpn is not null)
        {
            if (conflicts.Any(c => c.Property == ConflictProperty.UserPrincipalName))
            {
                var q = Keep(ConflictProperty.UserPrincipalName, desiredUpn,
                    () => PlaceholderUpn.Generate(desiredUpn, tenant.InitialDomain, index, digits));
                quarantine.Add(q);
                target.TakeUpn(q.Placeholder!);
            }
            else target.TakeUpn(desiredUpn);
        }

        if (conflicts.Count == 0) target.SetProxyAddresses(incoming.ProxyAddresses);
        else
        {
            var conflictingProxies = conflicts.Where(c => c.Property == ConflictProperty.ProxyAddress)
                                              .Select(c => DirectoryValue.Normalize(c.Value)).ToHashSet();
            target.SetProxyAddresses(incoming.ProxyAddresses.Where(p => !conflictingProxies.Contains(p.Normalized)));
            quarantine.AddRange(incoming.ProxyAddresses.Where(p => conflictingProxies.Contains(p.Normalized))
                                                       .Select(p => Keep(ConflictProperty.ProxyAddress, p.Value, () => null)));
        }
        target.SetQuarantine(quarantine);

        IReadOnlyList<QuarantineNotice> notices = quarantine.Count == 0 ? [] : quarantine.Select(q => new QuarantineNotice(q.Property.ToString(), q.Value, q.Placeholder)).ToList();
        return new(null, notices, warnings);
    }
}
