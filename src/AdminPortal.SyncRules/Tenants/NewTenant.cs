using AdminPortal.SyncRules.Directory;
using AdminPortal.SyncRules.Features;

namespace AdminPortal.SyncRules.Tenants;

/// <summary>What an admin supplies to create a tenant; <see cref="Validate"/> names every bad field.</summary>
public sealed record NewTenant(string? DisplayName, string? InitialDomain, DateTimeOffset? CreatedDateTime,
    IReadOnlyList<NewVerifiedDomain>? VerifiedDomains)
{
    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>();
        if (AttributeRules.DisplayNameProblem(DisplayName) is { } name) errors["displayName"] = [name];
        if (string.IsNullOrWhiteSpace(InitialDomain)) errors["initialDomain"] = ["initialDomain is required."];
        else if (!InitialDomain.EndsWith(".onmicrosoft.com", StringComparison.OrdinalIgnoreCase) || !DomainName.IsValid(InitialDomain))
            errors["initialDomain"] = ["initialDomain must be a domain name of the form <name>.onmicrosoft.com."];
        for (var i = 0; i < (VerifiedDomains?.Count ?? 0); i++)
        {
            var d = VerifiedDomains![i];
            if (d is null || !DomainName.IsValid(d.Name))
                errors[$"verifiedDomains[{i}].name"] = ["name must be a valid domain name."];
            if (d is not null && !EnumNames<DomainAuthentication>.TryParse(d.AuthenticationType, out _))
                errors[$"verifiedDomains[{i}].authenticationType"] = [EnumNames<DomainAuthentication>.Problem("authenticationType", d.AuthenticationType)];
        }
        return errors;
    }

    public Tenant ToTenant(Guid id, DateTimeOffset now)
    {
        var created = CreatedDateTime ?? now;
        return new Tenant(id, DisplayName!.Trim(), InitialDomain!, created,
            (VerifiedDomains ?? []).Select(d => new VerifiedDomain(d.Name!, EnumNames<DomainAuthentication>.ParseOrNull(d.AuthenticationType)!.Value)),
            FeatureSet.DefaultsFor(created), AccidentalDeletionPrevention.Default, federatedDomainChangeAllowed: true);
    }
}

public sealed record NewVerifiedDomain(string? Name, string? AuthenticationType);

public static class DomainName
{
    public static bool IsValid(string? name) => name is not null && Sync.Syntax.IsDomain(name);
}
