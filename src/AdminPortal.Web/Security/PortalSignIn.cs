using System.Security.Claims;
using AdminPortal.Web.Components.SignIn;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace AdminPortal.Web.Security;

/// <summary>Browser sign-in and sign-out. Today the development sign-in; the identity provider's comes with the sign-in issue.</summary>
public static class PortalSignIn
{
    public const string CookieScheme = CookieAuthenticationDefaults.AuthenticationScheme;
    public const string PortalScheme = "Portal";

    /// <summary>The development sign-in exists only in Development and only while no identity provider is configured.</summary>
    public static bool DevSignInEnabled(IHostEnvironment env, IConfiguration config) =>
        env.IsDevelopment() && string.IsNullOrEmpty(config["Authentication:Authority"]);

    public static void MapSignIn(this WebApplication app)
    {
        var dev = DevSignInEnabled(app.Environment, app.Configuration);
        var oidc = app.Services.GetService<Oidc.OidcSettings>() is not null;
        app.MapGet("/signin", (HttpContext context, string? returnUrl) =>
            oidc ? Oidc.OidcSignIn.Challenge(LocalUrl.OrHome(context, returnUrl))
            : dev ? Results.Redirect($"/signin/dev?returnUrl={Uri.EscapeDataString(LocalUrl.OrHome(context, returnUrl))}")
            : Results.Problem("No sign-in is configured. Set Authentication:Authority (see appsettings.template.json).", statusCode: 503))
            .AllowAnonymous();
        app.MapGet("/signed-out", () => Results.Content(
            NoticePage.Html("Signed out", "You are signed out", [], ("Sign in again", "/")), "text/html"))
            .AllowAnonymous();
        if (dev)
        {
            app.MapGet("/signin/dev", (HttpContext context, string? returnUrl) =>
                new RazorComponentResult<DevSignInForm>(new { ReturnUrl = LocalUrl.OrHome(context, returnUrl) })).AllowAnonymous();
            app.MapPost("/signin/dev", async Task<RedirectHttpResult> (HttpContext context, [FromForm] string name, [FromForm] string role, [FromForm] string? returnUrl) =>
            {
                if (string.IsNullOrWhiteSpace(name) || name.Length > 64) name = "dev-user";
                if (role is not (Roles.Admin or Roles.Operator or Roles.Reader)) role = Roles.Reader;
                var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, name.Trim()), new Claim(ClaimTypes.Role, role)],
                    CookieScheme, ClaimTypes.Name, ClaimTypes.Role);
                await context.SignInAsync(CookieScheme, new ClaimsPrincipal(identity));
                return TypedResults.Redirect(LocalUrl.OrHome(context, returnUrl));
            }).AllowAnonymous();
        }
        app.MapPost("/signout", async (HttpContext context, IAntiforgery antiforgery) =>
        {
            // Checked here, not left to metadata: a cross-site form post must not sign the admin out.
            await antiforgery.ValidateRequestAsync(context);
            var idToken = (await context.AuthenticateAsync(CookieScheme)).Properties?.GetTokenValue("id_token");
            await context.SignOutAsync(CookieScheme);
            return Results.Redirect(oidc ? await Oidc.OidcSignIn.EndSessionUrlAsync(context, idToken) : "/signin");
        }).RequireAuthorization().DisableAntiforgery();
        app.MapGet("/tenants/switch", (Guid tenant) => Results.Redirect($"/tenants/{tenant}")).RequireAuthorization(Policies.Read);
    }
}
