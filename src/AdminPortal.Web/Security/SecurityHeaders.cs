namespace AdminPortal.Web.Security;

/// <summary>
/// Headers on every response: a Content-Security-Policy that allows no inline script (nor any script but our own),
/// no framing, no MIME sniffing, no full referrer sent elsewhere, and outside Development Strict-Transport-Security
/// on every HTTPS response. Inline styles are allowed: MudBlazor positions popovers and sizes its components with
/// style attributes and writes its theme as a style element; a style cannot run code. The live connection
/// (WebSocket) goes to our own origin only.
/// </summary>
public static class SecurityHeaders
{
    public const string StrictTransportSecurity = "max-age=31536000";

    /// <param name="identityProvider">The OpenID Provider's origin, if any: sign-out posts a form that redirects there,
    /// and browsers hold such redirects to form-action.</param>
    public static string ContentSecurityPolicy(Uri? identityProvider = null) =>
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
        $"form-action 'self'{(identityProvider is null ? "" : " " + identityProvider.GetLeftPart(UriPartial.Authority))}; base-uri 'self'; object-src 'none'; frame-ancestors 'none'";

    /// <summary>
    /// Sets the headers in the outermost step of the pipeline (a startup filter registered before the host's own), so
    /// they are on every response: those of host filtering, the exception handler and the error pages included, which
    /// a middleware further in never sees or whose headers they clear.
    /// </summary>
    public static void AddSecurityHeaders(this IServiceCollection services, bool strictTransportSecurity, Uri? identityProvider) =>
        services.Insert(0, ServiceDescriptor.Singleton<IStartupFilter>(new Outermost(ContentSecurityPolicy(identityProvider), strictTransportSecurity)));

    private sealed class Outermost(string policy, bool strictTransportSecurity) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, inner) =>
            {
                context.Response.OnStarting(() =>
                {
                    var headers = context.Response.Headers;
                    headers.ContentSecurityPolicy = policy;
                    headers.XContentTypeOptions = "nosniff";
                    headers.XFrameOptions = "DENY";
                    headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
                    // Read when the response starts: by then a trusted proxy's X-Forwarded-Proto has been applied.
                    if (strictTransportSecurity && context.Request.IsHttps) headers.StrictTransportSecurity = StrictTransportSecurity;
                    return Task.CompletedTask;
                });
                await inner();
            });
            next(app);
        };
    }
}
