using AdminPortal.SyncRules;
using AdminPortal.SyncRules.Sync;
using AdminPortal.Web.Graph;
using AdminPortal.Web.Security;
using Microsoft.AspNetCore.Antiforgery;

namespace AdminPortal.Web.Api;

/// <summary>
/// How a refused request is answered, decided once for every surface: its status, Graph's code for it, the message,
/// and the field errors if any. <see cref="ProblemMapping"/> writes it as problem+json, <see cref="GraphErrors"/> in
/// Graph's body; both log it with <see cref="Log"/>.
/// </summary>
public sealed record Refusal(int Status, string GraphCode, string Message, IReadOnlyDictionary<string, string[]>? Errors = null)
{
    public const string TooLarge =
        "The request body is larger than this endpoint accepts (settings Sync:MaxRequestBodyMegabytes for sync batches, Api:MaxRequestBodyKilobytes elsewhere).";

    /// <summary>The refusal an exception stands for, or null for a fault of the service's own.</summary>
    public static Refusal? Of(Exception exception) => exception switch
    {
        GraphException g => new(g.Status, g.Code, g.Message),
        BatchValidationException b => new(400, "Request_BadRequest", "The batch is invalid; nothing was applied.", b.Errors),
        FieldErrorsException v => new(400, "Request_BadRequest", "The request is invalid; nothing was applied.", v.Errors),
        DomainException { Kind: RefusalKind.NotFound } d => new(404, "Request_ResourceNotFound", d.Message),
        DomainException { Kind: RefusalKind.Conflict } d => new(409, "Request_Conflict", d.Message),
        DomainException d => new(400, "Request_BadRequest", d.Message),
        NotPermittedException p => new(403, "Authorization_RequestDenied", p.Message),
        AntiforgeryValidationException => new(400, "Request_BadRequest", "The form's antiforgery token is missing or invalid; reload the page and submit it again."),
        BadHttpRequestException { StatusCode: 413 } => new(413, "Request_EntityTooLarge", TooLarge),
        BadHttpRequestException b => new(b.StatusCode, "Request_BadRequest", b.Message),
        // Not a fault to hide behind a bare 500: the operator has something to do, and the client may send it again after.
        StorageFullException s => new(507, "quotaLimitReached", s.Message),
        DatabaseBusyException b => new(503, "serviceNotAvailable", b.Message),
        DatabaseUnavailableException u => new(503, "serviceNotAvailable", u.Message),
        _ => null,
    };

    /// <summary>
    /// The one log line an operator reads for every refused request, whichever surface answered it: an error when the
    /// service itself could not do it (a database full, busy or out of reach), with the database's own error, else information.
    /// </summary>
    public static void Log(HttpContext context, int status, string? reason, Exception? exception = null) =>
        context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(Refusal))
            .Log(status >= 500 ? LogLevel.Error : LogLevel.Information, status >= 500 ? exception : null, "Refused {Method} {Path} for {User}: {Status} {Reason}",
                context.Request.Method, context.Request.Path, context.User.Identity?.Name ?? "anonymous", status, reason);
}
