using AdminPortal.Data;
using AdminPortal.SyncRules;
using AdminPortal.Web.Api;
using AdminPortal.Web.Hosting;
using AdminPortal.Web.Security;
using Microsoft.AspNetCore.Http.Json;

namespace AdminPortal.Web;

public static class WebServiceCollectionExtensions
{
    /// <summary>Everything the host needs: settings, the layers below, authentication, the APIs' plumbing.</summary>
    public static WebApplicationBuilder AddPortal(this WebApplicationBuilder builder)
    {
        var settings = PortalSettings.From(builder.Configuration, builder.Environment);
        builder.Services.AddSingleton(settings);
        builder.Services.AddSyncRules();
        builder.Services.AddPortalData(settings.Database(builder.Configuration));
        builder.Services.AddPortalWeb(settings);
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = settings.MaxRequestBodyBytes);
        return builder;
    }

    public static IServiceCollection AddPortalWeb(this IServiceCollection services, PortalSettings settings)
    {
        services.AddAuthentication(BootstrapKeyHandler.SchemeName)
                .AddScheme<BootstrapKeyOptions, BootstrapKeyHandler>(BootstrapKeyHandler.SchemeName, o => o.Key = settings.BootstrapAdminKey);
        services.AddAuthorization(Policies.Configure);
        services.Configure<JsonOptions>(o => ApiJson.Configure(o.SerializerOptions));
        services.AddProblemDetails();
        services.AddExceptionHandler<ProblemMapping>();
        services.AddOpenApi();
        services.AddScoped<DemoSeeder>();
        services.AddSingleton<FixupBackgroundService>();
        services.AddHostedService(sp => sp.GetRequiredService<FixupBackgroundService>());
        return services;
    }
}
