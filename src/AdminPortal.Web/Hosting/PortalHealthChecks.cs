using AdminPortal.Data;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace AdminPortal.Web.Hosting;

/// <summary>/health/live: the process answers. /health/ready: it can reach its database. /health: every check.</summary>
public static class PortalHealthChecks
{
    private const string Ready = "ready";

    public static IServiceCollection AddPortalHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks().AddDbContextCheck<PortalDbContext>("database", tags: [Ready]);
        return services;
    }

    public static void MapPortalHealthChecks(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health").AllowAnonymous();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(Ready) }).AllowAnonymous();
    }
}
