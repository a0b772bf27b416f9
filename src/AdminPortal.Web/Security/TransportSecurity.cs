using System.Net;
using AdminPortal.Web.Hosting;
using Microsoft.AspNetCore.HostFiltering;
using Microsoft.AspNetCore.HttpOverrides;

namespace AdminPortal.Web.Security;

/// <summary>
/// HTTPS outside Development. Cookies are Secure there, so a plain-HTTP request could neither sign in nor post a form;
/// it gets a page that says why instead. Behind a proxy that terminates TLS, Hosting:ForwardedHeaders makes the
/// proxy's X-Forwarded-Proto and X-Forwarded-For count, from the proxies in Hosting:KnownProxies only.
/// </summary>
public static class TransportSecurity
{
    public static void AddTransportSecurity(this IServiceCollection services, PortalSettings settings, Uri? identityProvider)
    {
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            foreach (var proxy in settings.KnownProxies) o.KnownProxies.Add(proxy);
        });
        // Strict-Transport-Security outside Development, on every response (SecurityHeaders).
        services.AddSecurityHeaders(strictTransportSecurity: !settings.IsDevelopment, identityProvider);
        // With Hosting:PublicUrl, the portal answers to that host only unless AllowedHosts names others: a request
        // for another host is a 400 before anything reads it.
        if (settings.PublicUrl is { } publicUrl)
            services.PostConfigure<HostFilteringOptions>(o =>
            {
                if (o.AllowedHosts.Count == 0 || o.AllowedHosts.Contains("*")) o.AllowedHosts = [publicUrl.IdnHost];
            });
    }

    /// <summary>First in the pipeline after the security headers: the proxy's headers.</summary>
    public static void UseTransportSecurity(this WebApplication app, PortalSettings settings)
    {
        if (settings.ForwardedHeaders) app.UseForwardedHeaders();
    }

    /// <summary>After the static files (the page below needs its stylesheet, which holds nothing secret): HTTPS only outside Development.</summary>
    public static void UseHttpsOnly(this WebApplication app, PortalSettings settings)
    {
        if (settings.IsDevelopment) return;
        app.Use(async (context, next) =>
        {
            // Load balancers probe health over plain HTTP; nothing else is served without TLS.
            if (context.Request.IsHttps || context.Request.Path.StartsWithSegments("/health"))
            {
                await next();
                return;
            }
            await NoticePage.WriteAsync(context, StatusCodes.Status400BadRequest, "HTTPS required", "AdminPortal is served over HTTPS only",
            [
                "This request came over plain HTTP. Open the portal with https:// instead.",
                "If a proxy in front of AdminPortal terminates TLS, set Hosting:ForwardedHeaders to true and list the proxy in Hosting:KnownProxies.",
            ], ("Back to the portal", "/"));
        });
    }

    public static IReadOnlyList<IPAddress> ParseProxies(string? text, string setting) =>
        (text ?? "").Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries)
            .Select(p => IPAddress.TryParse(p, out var ip) ? ip
                : throw new InvalidOperationException($"Setting {setting} holds '{p}', which is not an IP address."))
            .ToList();
}
