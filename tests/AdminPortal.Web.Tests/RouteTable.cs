using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace AdminPortal.Web.Tests;

/// <summary>
/// The app's route table, read one way for every test that must cover all of it (authorization, cookies on the APIs,
/// anonymous endpoints, the fuzz): a route is a method and a template; one without methods answers GET.
/// </summary>
internal static class RouteTable
{
    public sealed record Route(string Method, string Template, RouteEndpoint Endpoint)
    {
        public override string ToString() => $"{Method} {Template}";
    }

    public static IEnumerable<Route> Of(IServiceProvider services) =>
        services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(m => new Route(m, "/" + e.RoutePattern.RawText!.Trim('/'), e)));
}
