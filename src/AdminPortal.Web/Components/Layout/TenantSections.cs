using AdminPortal.Web.Security;
using Microsoft.AspNetCore.Components.Routing;
using MudBlazor;

namespace AdminPortal.Web.Components.Layout;

/// <summary>A part of the portal about one tenant, at /tenants/{id}/{Path}; shown to the holders of Policy (null: every reader).</summary>
public sealed record TenantSection(string Path, string Title, string Icon, string? Policy = null)
{
    public string Href(Guid tenantId) => Path.Length == 0 ? $"/tenants/{tenantId}" : $"/tenants/{tenantId}/{Path}";

    /// <summary>The dashboard is the tenant's own address: only it, not every address under it, makes it the current one.</summary>
    public NavLinkMatch Match => Path.Length == 0 ? NavLinkMatch.All : NavLinkMatch.Prefix;
}

/// <summary>The tenant's sections, in the navigation's order: the menu lists them, the tenant switcher keeps the admin in one.</summary>
public static class TenantSections
{
    public static readonly IReadOnlyList<TenantSection> All =
    [
        new("", "Dashboard", Icons.Material.Filled.Speed),
        new("features", "Features", Icons.Material.Filled.ToggleOn),
        new("conflicts", "Conflicts", Icons.Material.Filled.ReportProblem),
        new("match-history", "Match history", Icons.Material.Filled.AltRoute),
        new("objects", "Objects", Icons.Material.Filled.People),
        new("batches", "Sync batches", Icons.Material.Filled.MoveToInbox),
        new("preflight", "Pre-flight", Icons.Material.Filled.FactCheck, Policies.Operate),
        new("dry-run", "Dry run", Icons.Material.Filled.Science, Policies.Operate),
        new("audit", "Audit log", Icons.Material.Filled.History),
    ];

    /// <summary>The section an address of a tenant is in (/tenants/{id}/conflicts/detail… is in conflicts); null for the
    /// dashboard and for addresses outside a tenant.</summary>
    public static TenantSection? Of(string uri)
    {
        var segments = new Uri(uri).AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments.Length >= 3 && segments[0] == "tenants" ? All.FirstOrDefault(s => s.Path.Length > 0 && s.Path == segments[2]) : null;
    }
}
