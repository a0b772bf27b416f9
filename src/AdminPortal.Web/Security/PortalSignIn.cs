using System.Security.Claims;
using AdminPortal.Web.Components.Layout;
using AdminPortal.Web.Components.SignIn;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace AdminPortal.Web.Security;

/// <summary>Browser sign-in and sign-out: through the identity provider (<see cref="IdentityProvider"/>) or, in Development with none, the development sign-in.</summary>
public static class PortalSignIn
{
    public const string CookieScheme = CookieAuthenticationDefaults.AuthenticationScheme;

    public static void MapSignIn(this WebApplication app)
    {
        // The settings read at start, registered only when an identity provider is configured.
        var provider = app.Services.GetService<IdentityProviderSettings>();
        // The development sign-in exists only in Development and only while no identity provider is configured.
        var dev = app.Environment.IsDevelopment() && provider is null;
        app.MapGet("/signin", async (HttpContext context, string? returnUrl) =>
        {
            var local = LocalUrl.OrHome(context, returnUrl);
            if (provider is null)
                return dev ? Results.Redirect($"/signin/dev?returnUrl={Uri.EscapeDataString(local)}")
                    : Results.Problem("No sign-in is configured. Set the AzureAd section (see appsettings.template.json).", statusCode: 503);
            // The provider is reached only now, not at start: down, it makes this page say so instead of stopping the app.
            if (await IdentityProvider.UnreachableBecauseAsync(context.RequestServices, context.RequestAborted) is { } reason)
                return Results.Content(NoticePage.Html(context, "Sign-in unavailable", "The identity provider cannot be reached",
                    [$"Sign-in goes through {provider.Instance}, which did not answer: {reason}", "Try again in a few minutes; /health/ready tells when it is back."],
                    ("Try again", "/signin")), "text/html", statusCode: StatusCodes.Status503ServiceUnavailable);
            return Results.Challenge(new AuthenticationProperties { RedirectUri = local }, [IdentityProvider.WebScheme]);
        }).AllowAnonymous();
        app.MapGet("/signed-out", (HttpContext context) => Results.Content(
            NoticePage.Html(context, "Signed out", "You are signed out", [], ("Sign in again", "/")), "text/html"))
            .AllowAnonymous();
        if (dev)
        {
            app.MapGet("/signin/dev", (HttpContext context, string? returnUrl) =>
                new RazorComponentResult<DevSignInForm>(new { ReturnUrl = LocalUrl.OrHome(context, returnUrl), BodyClass = ThemeCookie.StaticPageClass(context) })).AllowAnonymous();
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
            if (provider is null)
            {
                await context.SignOutAsync(CookieScheme);
                return Results.Redirect("/signin");
            }
            // The provider's sign-out first: it reads the session's id_token as its hint, then the session goes.
            await context.SignOutAsync(IdentityProvider.WebScheme, new AuthenticationProperties { RedirectUri = "/signed-out" });
            await context.SignOutAsync(CookieScheme);
            return Results.Empty;
        }).TakesBody().RequireAuthorization().DisableAntiforgery();
    }
}
