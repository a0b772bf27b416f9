using AdminPortal.SyncRules.Directory;
using AdminPortal.SyncRules.Features;

namespace AdminPortal.SyncRules.Tenants;

/// <summary>A directory tenant: its domains, its DirSync features and its deletion guard.</summary>
public sealed class Tenant
{
    private readonly List<VerifiedDomain> domains;

    public Tenant(Guid id, string displayName, string initialDomain, DateTimeOffset createdDateTime,
        IEnumerable<VerifiedDomain> verifiedDomains, FeatureSet features,
        AccidentalDeletionPrevention deletionPrevention, bool federatedDomainChangeAllowed)
    {
        Id = id;
        DisplayName = displayName;
        InitialDomain = DirectoryValue.Normalize(initialDomain);
        CreatedDateTime = createdDateTime;
        // The initial domain is always verified and managed (docs/api.md).
        domains = [new VerifiedDomain(InitialDomain, DomainAuthentication.Managed)];
        domains.AddRange(verifiedDomains.Where(d => !d.Name.Equals(InitialDomain, StringComparison.OrdinalIgnoreCase))
                                        .Select(d => d with { Name = DirectoryValue.Normalize(d.Name) }));
        Features = features;
        DeletionPrevention = deletionPrevention;
        FederatedDomainChangeAllowed = federatedDomainChangeAllowed;
    }

    public Guid Id { get; }
    public string DisplayName { get; }
    public string InitialDomain { get; }
    public DateTimeOffset CreatedDateTime { get; }
    public IReadOnlyList<VerifiedDomain> VerifiedDomains => domains;
    public FeatureSet Features { get; }
    public AccidentalDeletionPrevention DeletionPrevention { get; private set; }

    /// <summary>
    /// Whether a federated user's UPN may move from one federated domain to another. The service allows it
    /// since March 2019; a tenant may model the older behaviour (FederatedDomainChangeError) to reason about it.
    /// </summary>
    public bool FederatedDomainChangeAllowed { get; }

    /// <summary>The authentication of a verified domain, or null when the domain is not verified here.</summary>
    public DomainAuthentication? AuthenticationOf(string domain) =>
        domains.FirstOrDefault(d => d.Name.Equals(domain, StringComparison.OrdinalIgnoreCase))?.Authentication;

    public void SetDeletionPrevention(AccidentalDeletionPrevention value) => DeletionPrevention = value;
}
