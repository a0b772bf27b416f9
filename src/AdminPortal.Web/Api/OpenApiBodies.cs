using Microsoft.OpenApi;

namespace AdminPortal.Web.Api;

/// <summary>
/// Describes to the OpenAPI document a JSON body an endpoint reads itself (ApiJson: strict JSON, errors by field).
/// Not <c>Accepts&lt;T&gt;</c>: that also makes the content type a routing constraint, and a request in another
/// content type would then match no endpoint instead of getting ApiJson's 400 (or, with a cookie, the 401).
/// </summary>
internal static class OpenApiBodies
{
    public static RouteHandlerBuilder DescribesJsonBody<TBody>(this RouteHandlerBuilder endpoint) =>
        endpoint.AddOpenApiOperationTransformer(async (operation, context, ct) =>
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = await context.GetOrCreateSchemaAsync(typeof(TBody), null, ct) } },
            };
        });
}
