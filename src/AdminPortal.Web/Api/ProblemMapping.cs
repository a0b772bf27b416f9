using AdminPortal.SyncRules;
using AdminPortal.Web.Graph;
using AdminPortal.SyncRules.Sync;
using AdminPortal.SyncRules.Tenants;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AdminPortal.Web.Api;

/// <summary>Turns the domain's exceptions into problem+json answers for /api (Graph-style bodies come with /graph).</summary>
public sealed class ProblemMapping(IProblemDetailsService problems) : IExceptionHandler
{
    public const string TooLarge =
        "The request body is larger than this endpoint accepts (settings Sync:MaxRequestBodyMegabytes for sync batches, Api:MaxRequestBodyKilobytes elsewhere).";

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        if (context.Request.Path.StartsWithSegments("/graph")) return await GraphErrors.TryWriteAsync(context, exception, ct);
        var (status, title, errors) = exception switch
        {
            BatchValidationException b => (400, "The batch is invalid; nothing was applied.", b.Errors),
            InputValidationException v => (400, "The request is invalid; nothing was applied.", v.Errors),
            NotFoundException n => (404, n.Message, null),
            DeletionThresholdExceededException d => (409, d.Message, null),
            ConcurrentChangeException c => (409, c.Message, null),
            DomainException { Code: "DuplicateTenant" or "ReviewAlreadySettled" } d => (409, d.Message, null),
            DomainException d => (400, d.Message, null),
            Microsoft.AspNetCore.Antiforgery.AntiforgeryValidationException => (400, "The form's antiforgery token is missing or invalid; reload the page and submit it again.", null),
            BadHttpRequestException { StatusCode: 413 } => (413, TooLarge, null),
            BadHttpRequestException b => (b.StatusCode, b.Message, null),
            _ => (0, null, null),
        };
        if (status == 0) return false;
        Refusals.Log(context, status, title);
        context.Response.StatusCode = status;
        var details = errors is null
            ? new Microsoft.AspNetCore.Mvc.ProblemDetails { Status = status, Title = title }
            : new HttpValidationProblemDetails(errors.ToDictionary(e => e.Key, e => e.Value)) { Status = status, Title = title };
        if (exception is DomainException domain) details.Extensions["code"] = domain.Code;
        // The refused export is kept: a script can fetch it for review (GET …/sync/reviews/{id}).
        if (exception is DeletionThresholdExceededException { HeldExportId: { } held }) details.Extensions["heldExportId"] = held;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = details, Exception = exception });
    }
}
