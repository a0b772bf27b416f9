using Microsoft.AspNetCore.Authorization;

namespace AdminPortal.Web.Security;

/// <summary>
/// An access key scoped to one tenant reaches that tenant only: any request naming another tenant, or none, is refused.
/// Applied to every request after authentication, so no endpoint can forget it — except those open to anyone
/// (health, the OpenAPI document, sign-in, "not found"): a credential never turns an allowed request into a refusal.
/// </summary>
public static class TenantScope
{
    public const string ClaimType = "adminportal/tenant";

    public static IApplicationBuilder UseTenantScope(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var scoped = context.User.FindFirst(ClaimType)?.Value;
        if (scoped is not null && context.GetEndpoint() is { } endpoint && endpoint.Metadata.GetMetadata<IAllowAnonymous>() is null)
        {
            var route = context.GetRouteValue("tenantId") ?? context.GetRouteValue("TenantId");
            if (route is null || !string.Equals(route.ToString(), scoped, StringComparison.OrdinalIgnoreCase))
                throw new NotPermittedException("This access key is scoped to another tenant.");
        }
        await next();
    });
}
