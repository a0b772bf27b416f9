using AdminPortal.Data;
using AdminPortal.Web;
using AdminPortal.Web.Api;
using AdminPortal.Web.Graph;
using AdminPortal.Web.Hosting;
using AdminPortal.Web.Security;

var builder = WebApplication.CreateBuilder(LaunchEnvironment.Options(args));
builder.AddPortal();

var app = builder.Build();
if (!await DatabaseStartup.PrepareAsync(app, args)) return;
if (app.Services.GetRequiredService<PortalSettings>().SeedDemoData)
{
    using var scope = app.Services.CreateScope();
    await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(CancellationToken.None);
}

var settings = app.Services.GetRequiredService<PortalSettings>();
app.UseTransportSecurity(settings);
app.UseExceptionHandler();
app.UseGraphStatusBodies();
app.UseRequestGuards();
app.UseStaticFiles();
app.UseHttpsOnly(settings);
app.UseAuthentication();
app.UseTenantScope();
app.UseAuthorization();
app.UseBodyLimits();
app.UseAntiforgery();

app.MapOpenApi().AllowAnonymous();
app.MapPortalHealthChecks();
app.MapTenantEndpoints();
app.MapSyncEndpoints();
app.MapSyncRunEndpoints();
app.MapPreflightEndpoints();
app.MapCloudImportEndpoints();
app.MapDeletionReviewEndpoints();
app.MapConflictEndpoints();
app.MapConflictCsv();
app.MapGraphEndpoints();
app.MapGraphFallback();
app.MapSignIn();
app.MapRazorComponents<AdminPortal.Web.Components.App>().AddInteractiveServerRenderMode();
// Whatever matched nothing is not found, for everyone; without this the fail-closed fallback policy would send
// anonymous visitors of unknown addresses to sign in.
app.MapFallback(() => Results.Problem("Nothing is here.", statusCode: StatusCodes.Status404NotFound)).AllowAnonymous();

app.Run();

/// <summary>Entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
