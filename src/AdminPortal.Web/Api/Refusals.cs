namespace AdminPortal.Web.Api;

/// <summary>The one log line an operator reads for every refused request, whichever API body answered it.</summary>
public static class Refusals
{
    public static void Log(HttpContext context, int status, string? reason) =>
        context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(Refusals))
            .LogInformation("Refused {Method} {Path} for {User}: {Status} {Reason}", context.Request.Method, context.Request.Path,
                context.User.Identity?.Name ?? "anonymous", status, reason);
}
