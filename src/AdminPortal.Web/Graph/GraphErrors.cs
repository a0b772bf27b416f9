using AdminPortal.SyncRules;
using AdminPortal.SyncRules.Tenants;

namespace AdminPortal.Web.Graph;

/// <summary>Writes errors under /graph in Graph's body, { "error": { "code", "message" } }, never a bare 500 for bad input.</summary>
public static class GraphErrors
{
    /// <summary>
    /// Answers the framework leaves without a body under /graph (a refused or missing token) get Graph's body too,
    /// with Graph's codes, so a Graph SDK reads them as it would Graph's own.
    /// </summary>
    public static IApplicationBuilder UseGraphStatusBodies(this IApplicationBuilder app) =>
        app.UseStatusCodePages(async context =>
        {
            var http = context.HttpContext;
            if (!http.Request.Path.StartsWithSegments("/graph")) return;
            var (code, message) = http.Response.StatusCode switch
            {
                401 => ("InvalidAuthenticationToken", "Access token is missing or invalid."),
                403 => ("Authorization_RequestDenied", "Insufficient privileges to complete the operation."),
                _ => ("Request_BadRequest", "The request was refused."),
            };
            await http.Response.WriteAsJsonAsync(new { error = new { code, message } });
        });

    public static async ValueTask<bool> TryWriteAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        var (status, code) = exception switch
        {
            GraphException g => (g.Status, g.Code),
            NotFoundException => (404, "Request_ResourceNotFound"),
            ConcurrentChangeException => (409, "Request_Conflict"),
            InputValidationException => (400, "Request_BadRequest"),
            DomainException => (400, "Request_BadRequest"),
            BadHttpRequestException { StatusCode: 413 } => (413, "Request_EntityTooLarge"),
            BadHttpRequestException b => (b.StatusCode, "Request_BadRequest"),
            _ => (0, ""),
        };
        if (status == 0) return false;
        var message = exception switch
        {
            BadHttpRequestException { StatusCode: 413 } => Api.ProblemMapping.TooLarge,
            // Graph's body has one message: name each field in it, as the sync API's problem+json does in its errors.
            InputValidationException v => string.Join(" ", v.Errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")),
            _ => exception.Message,
        };
        Api.Refusals.Log(context, status, $"{code}: {message}");
        context.Response.StatusCode = status;
        await context.Response.WriteAsJsonAsync(new { error = new { code, message } }, ct);
        return true;
    }
}
