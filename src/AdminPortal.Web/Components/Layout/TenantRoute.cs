namespace AdminPortal.Web.Components.Layout;

/// <summary>The tenant a portal address is about: /tenants/{id}/… names it; other addresses name none.</summary>
public static class TenantRoute
{
    public static Guid? From(string uri)
    {
        var segments = new Uri(uri).AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments.Length >= 2 && segments[0] == "tenants" && Guid.TryParse(segments[1], out var id) ? id : null;
    }
}
