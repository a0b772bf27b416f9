using AdminPortal.ActiveDirectory;
using AdminPortal.Data;
using AdminPortal.SyncRules;
using AdminPortal.Web.Api;
using AdminPortal.Web.Hosting;
using AdminPortal.Web.Security;
using AdminPortal.Web.Security.Credentials;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Http.Json;
using MudBlazor.Services;

namespace AdminPortal.Web;

public static class WebServiceCollectionExtensions
{
    /// <summary>Everything the host needs: settings, the layers below, authentication, the APIs' plumbing.</summary>
    public static WebApplicationBuilder AddPortal(this WebApplicationBuilder builder)
    {
        var settings = PortalSettings.From(builder.Configuration, builder.Environment);
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(settings.SyncRuns);
        builder.Services.AddSyncRules();
        builder.Services.AddActiveDirectory();
        builder.AddPortalTelemetry();
        builder.Services.AddPortalData(settings.Database(builder.Configuration));
        var identityProvider = IdentityProviderSettings.From(builder.Configuration);
        if (identityProvider is not null && settings.PublicUrl is null && !settings.IsDevelopment)
            throw new InvalidOperationException(
                "Setting Hosting:PublicUrl is required when AzureAd is configured outside Development: the portal's https URL as browsers reach it " +
                "(e.g. https://portal.contoso.com). Sign-in's redirect addresses are built from it, never from a request's Host.");
        builder.Services.AddPortalWeb(settings, builder.Configuration, identityProvider);
        builder.WebHost.ConfigureKestrel(k =>
        {
            // Small bodies everywhere; the sync batch endpoint raises its own limit to Sync:MaxRequestBodyMegabytes.
            k.Limits.MaxRequestBodySize = settings.MaxApiRequestBodyBytes;
            k.AddServerHeader = false;
        });
        return builder;
    }

    public static IServiceCollection AddPortalWeb(this IServiceCollection services, PortalSettings settings, IConfiguration config,
        IdentityProviderSettings? identityProvider)
    {
        var authentication = services.AddAuthentication(Credential.PolicyScheme);
        if (identityProvider is not null) authentication.AddPortalIdentityProvider(services, config, identityProvider, settings.IsDevelopment, settings.PublicUrl);
        authentication
                .AddScheme<BootstrapKeyOptions, BootstrapKeyHandler>(BootstrapKeyHandler.SchemeName, o => o.Key = settings.BootstrapAdminKey)
                .AddScheme<AuthenticationSchemeOptions, AccessKeyHandler>(AccessKeyHandler.SchemeName, _ => { })
                .AddCookie(PortalSignIn.CookieScheme, o =>
                {
                    o.LoginPath = "/signin";
                    o.Cookie.Name = "AdminPortal.Auth";
                    o.Cookie.HttpOnly = true;
                    o.Cookie.SameSite = SameSiteMode.Lax;
                    o.Cookie.SecurePolicy = settings.IsDevelopment ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
                    o.SlidingExpiration = true;
                    o.ExpireTimeSpan = TimeSpan.FromHours(8);
                    BrowserSession.Track(o.Events);
                    // Signed in but without the role: say so (403) rather than bounce to a sign-in page.
                    o.Events.OnRedirectToAccessDenied = context =>
                    {
                        return NoticePage.WriteAsync(context.HttpContext, StatusCodes.Status403Forbidden, "No access", "You do not have access to this page",
                            ["Your role does not allow it. Ask an administrator for the role you need."], ("Back to the portal", "/"));
                    };
                })
                // One scheme per credential, picked from the credential's shape (Credential.SchemeFor).
                .AddPolicyScheme(Credential.PolicyScheme, null, o => o.ForwardDefaultSelector = context =>
                    Credential.SchemeFor(context, identityProvider is not null));
        services.AddTransportSecurity(settings, identityProvider?.Instance);
        services.AddPortalDataProtection(config);
        services.AddPortalHealthChecks();
        services.AddAuthorization(Policies.Configure);
        services.AddCascadingAuthenticationState();
        var circuits = CircuitSettings.From(config);
        services.AddSingleton(circuits);
        services.AddRazorComponents().AddInteractiveServerComponents(circuits.Apply);
        // The circuit's user is checked again every Circuits:RevalidationInterval (a signed-out session, a revoked key).
        services.AddScoped<AuthenticationStateProvider, CircuitUserRevalidation>();
        services.AddScoped<CredentialValidity>();
        services.AddMudServices(o =>
        {
            o.SnackbarConfiguration.PositionClass = MudBlazor.Defaults.Classes.Position.BottomRight;
            o.SnackbarConfiguration.VisibleStateDuration = 6000;
        });
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "AdminPortal.Antiforgery";
            o.Cookie.SecurePolicy = settings.IsDevelopment ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
        });
        services.Configure<JsonOptions>(o => ApiJson.Configure(o.SerializerOptions));
        services.AddProblemDetails();
        services.AddExceptionHandler<ProblemMapping>();
        services.AddOpenApi();
        services.AddScoped<PortalUser>();
        services.AddScoped<DemoSeeder>();
        services.AddSingleton<FixupBackgroundService>();
        services.AddHostedService(sp => sp.GetRequiredService<FixupBackgroundService>());
        // A commit leaves its staged pages to the remover and answers at once.
        services.AddSingleton<SyncRules.Sync.StagedPagesRemoval>();
        services.AddHostedService<StagedPagesRemover>();
        services.AddHostedService<SyncRunExpiryService>();
        return services;
    }
}
