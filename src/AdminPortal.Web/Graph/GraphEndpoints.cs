namespace AdminPortal.Web.Graph;

public static class GraphEndpoints
{
    /// <summary>The Microsoft Graph compatible subset, at /graph/{tenantId}/v1.0 (API.md).</summary>
    public static void MapGraphEndpoints(this IEndpointRouteBuilder app)
    {
        var graph = app.MapGroup("/graph/{tenantId:guid}/v1.0");
        graph.MapOnPremisesSynchronization();
        graph.MapDirectoryObjects();
        graph.MapRolesAndLicenses();
    }
}
