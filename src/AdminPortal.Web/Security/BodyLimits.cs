using AdminPortal.SyncRules.Directory;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;

namespace AdminPortal.Web.Security;

/// <summary>
/// Body limits that hold for every endpoint, whether or not it reads its body. After authorization, so a caller
/// without the right is told that first.
/// </summary>
public static class BodyLimits
{
    /// <summary>Marks an endpoint that reads a request body; every other endpoint refuses one.</summary>
    public static TBuilder TakesBody<TBuilder>(this TBuilder endpoint) where TBuilder : IEndpointConventionBuilder =>
        endpoint.WithMetadata(BodyTaken.Instance);

    private sealed class BodyTaken
    {
        public static readonly BodyTaken Instance = new();
    }

    public static IApplicationBuilder UseBodyLimits(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        await CheckAsync(context);
        await next();
    });

    /// <summary>
    /// An endpoint that reads a body (<see cref="TakesBody"/>, or a form parameter the framework binds) has its limit
    /// enforced by the server as it reads: Sync:MaxRequestBodyMegabytes where it says so, Api:MaxRequestBodyKilobytes
    /// elsewhere. Every other endpoint would act on the request without reading what came with it, so it refuses a
    /// body before it runs: a 413 over the limit, a 400 under it. The framework's pages and live connection read
    /// their own forms and messages under their own limits, and a catch-all route answers "not found" to anything.
    /// </summary>
    private static async Task CheckAsync(HttpContext context)
    {
        if (context.GetEndpoint() is not { } endpoint) return;
        if (endpoint.Metadata.GetMetadata<BodyTaken>() is not null || endpoint.Metadata.GetMetadata<IAcceptsMetadata>() is not null
            || IsFrameworks(endpoint) || IsNotFound(endpoint) || !await HasBodyAsync(context)) return;
        var request = context.Request;
        var limit = context.RequestServices.GetRequiredService<Hosting.PortalSettings>().MaxApiRequestBodyBytes;
        if (request.ContentLength > limit) throw new BadHttpRequestException(Api.Refusal.TooLarge, StatusCodes.Status413PayloadTooLarge);
        throw RequestGuards.Refusal(request.Path.StartsWithSegments("/graph"), "$",
            $"{request.Method} {AttributeRules.Shorten(request.Path.Value ?? "")} takes no request body; send none.");
    }

    private static bool IsFrameworks(Endpoint endpoint) =>
        endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Components.Endpoints.ComponentTypeMetadata>() is not null
        || endpoint is RouteEndpoint { RoutePattern.RawText: { } route } && (route.TrimStart('/').StartsWith("_blazor") || route.TrimStart('/').StartsWith("_framework"));

    /// <summary>A catch-all route answers "nothing is here" and acts on nothing, whatever it is sent.</summary>
    private static bool IsNotFound(Endpoint endpoint) => endpoint is RouteEndpoint { RoutePattern.Parameters: var parameters } && parameters.Any(p => p.IsCatchAll);

    private static async Task<bool> HasBodyAsync(HttpContext context)
    {
        if (context.Request.ContentLength is { } length) return length > 0;
        if (context.Features.Get<IHttpRequestBodyDetectionFeature>() is { CanHaveBody: false }) return false;
        // Chunked, length unknown: one byte tells (the endpoint reads none of it anyway).
        return await context.Request.Body.ReadAsync(new byte[1]) > 0;
    }

}
