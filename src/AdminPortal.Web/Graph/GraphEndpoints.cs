namespace AdminPortal.Web.Graph;

public static class GraphEndpoints
{
    /// <summary>The Microsoft Graph compatible subset, at /graph/{tenantId}/v1.0, and what of /beta it has (docs/api.md).</summary>
    public static void MapGraphEndpoints(this IEndpointRouteBuilder app)
    {
        var graph = app.MapGroup("/graph/{tenantId:guid}/v1.0");
        graph.MapOnPremisesSynchronization(beta: false);
        graph.MapDirectoryObjects();
        graph.MapSyncBehavior();
        // Beta: the same code; what only beta has (the sync client's report) is added by the beta flag.
        var beta = app.MapGroup("/graph/{tenantId:guid}/beta");
        beta.MapOnPremisesSynchronization(beta: true);
        beta.MapDirectoryObjects();
        beta.MapSyncBehavior();
        beta.MapRolesAndLicenses();
        graph.MapRolesAndLicenses();
    }

    /// <summary>Whatever under /graph matches no route is not found, in Graph's error body as scripts expect there.</summary>
    public static void MapGraphFallback(this IEndpointRouteBuilder app) =>
        app.MapFallback("/graph/{**path}", (HttpContext context) =>
            throw new GraphException(404, "Request_ResourceNotFound",
                $"Resource not found for the segment '{SyncRules.Directory.AttributeRules.Shorten(context.Request.Path.Value ?? "")}'."))
            .AllowAnonymous();
}
