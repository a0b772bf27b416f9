using AdminPortal.SyncRules;
using AdminPortal.SyncRules.Sync;
using AdminPortal.Web.Graph;
using AdminPortal.Web.Security;
using Microsoft.AspNetCore.Diagnostics;

namespace AdminPortal.Web.Api;

/// <summary>
/// Answers every exception: under /graph in Graph's body (<see cref="GraphErrors"/>), elsewhere as problem+json through
/// <see cref="IProblemDetailsService"/>; a browser opening a page while the database cannot serve it, as a page.
/// </summary>
public sealed class ProblemMapping(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        if (context.Request.Path.StartsWithSegments("/graph")) return await GraphErrors.TryWriteAsync(context, exception, ct);
        // A fault of the service's own: the framework's 500, logged with its exception.
        if (Refusal.Of(exception) is not { } refusal) return false;
        Refusal.Log(context, refusal.Status, refusal.Message, exception);
        context.Response.StatusCode = refusal.Status;
        if (exception is DatabaseStateException && OpensPage(context.Request))
        {
            // An admin's browser opening a page while the database is out of reach, busy or full (even the sign-in's
            // check reads it): the same words on a page of their own, not a JSON body.
            await NoticePage.WriteAsync(context, refusal.Status, "Try again shortly", "This page cannot be shown now", [refusal.Message],
                ("Try again", context.Request.PathBase + context.Request.Path + context.Request.QueryString), ct);
            return true;
        }
        var details = refusal.Errors is null
            ? new Microsoft.AspNetCore.Mvc.ProblemDetails { Status = refusal.Status, Title = refusal.Message }
            : new HttpValidationProblemDetails(refusal.Errors.ToDictionary(e => e.Key, e => e.Value)) { Status = refusal.Status, Title = refusal.Message };
        if (exception is DomainException domain) details.Extensions["code"] = domain.Code;
        // The refused export is kept: a script can fetch it for review (GET …/sync/reviews/{id}).
        if (exception is DeletionThresholdExceededException { HeldExportId: { } held }) details.Extensions["heldExportId"] = held;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = details, Exception = exception });
    }

    /// <summary>A browser asking for a portal page, not a script calling the API.</summary>
    private static bool OpensPage(HttpRequest request) =>
        !request.Path.StartsWithSegments("/api") && request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);
}
