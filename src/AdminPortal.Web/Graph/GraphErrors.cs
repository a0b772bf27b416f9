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
                >= 500 => (GeneralException, ServerFault),
                _ => ("Request_BadRequest", "The request was refused."),
            };
            await http.Response.WriteAsJsonAsync(new { error = new { code, message } });
        });

    // Graph's code for a fault of the service's own; the message says nothing of its inside (the log has it).
    private const string GeneralException = "generalException";
    private const string ServerFault = "The service could not complete the request. Nothing was changed; try again.";

    /// <summary>Writes every exception under /graph in Graph's body: a refusal as its 4xx, anything else as a 500, in every environment.</summary>
    public static async ValueTask<bool> TryWriteAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        var refusal = Api.Refusal.Of(exception);
        var (status, code) = refusal is null ? (500, GeneralException) : (refusal.Status, refusal.GraphCode);
        // Graph's body has one message: name each field in it, as the sync API's problem+json does in its errors.
        var message = refusal switch
        {
            null => ServerFault,
            { Errors: { } errors } => string.Join(" ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")),
            _ => refusal.Message,
        };
        // A fault is logged with its exception by the exception handler itself; a refusal gets the operator's one line.
        if (refusal is not null) Api.Refusal.Log(context, status, $"{code}: {message}", exception);
        context.Response.StatusCode = status;
        await context.Response.WriteAsJsonAsync(new { error = new { code, message } }, ct);
        return true;
    }
}
