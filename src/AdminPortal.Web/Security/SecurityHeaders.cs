namespace AdminPortal.Web.Security;

/// <summary>
/// Headers on every response: a Content-Security-Policy that allows no inline script (nor any script but our own),
/// no framing, no MIME sniffing, and no full referrer sent elsewhere. Inline styles are allowed: MudBlazor positions
/// popovers and sizes its components with style attributes and writes its theme as a style element; a style cannot
/// run code. The live connection (WebSocket) goes to our own origin only.
/// </summary>
public static class SecurityHeaders
{
    /// <param name="identityProvider">The OpenID Provider's origin, if any: sign-out posts a form that redirects there,
    /// and browsers hold such redirects to form-action.</param>
    public static string ContentSecurityPolicy(Uri? identityProvider = null) =>
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
        $"form-action 'self'{(identityProvider is null ? "" : " " + identityProvider.GetLeftPart(UriPartial.Authority))}; base-uri 'self'; object-src 'none'; frame-ancestors 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app, Uri? identityProvider = null)
    {
        var policy = ContentSecurityPolicy(identityProvider);
        return app.Use(async (context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = policy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            return Task.CompletedTask;
        });
        await next();
    });
    }
}
