using AdminPortal.Data;
using AdminPortal.Web;
using AdminPortal.Web.Api;
using AdminPortal.Web.Graph;
using AdminPortal.Web.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddPortal();

var app = builder.Build();
await app.Services.GetRequiredService<DatabaseInitializer>().MigrateAsync();
if (app.Services.GetRequiredService<PortalSettings>().SeedDemoData)
{
    using var scope = app.Services.CreateScope();
    await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(CancellationToken.None);
}

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAuthentication();
app.UseAuthorization();

app.MapOpenApi().AllowAnonymous();
app.MapGet("/", () => TypedResults.Ok(new { name = "AdminPortal", api = "/api/tenants", openApi = "/openapi/v1.json" })).AllowAnonymous();
app.MapGet("/health", async (PortalDbContextFactory db) =>
{
    await using var context = db.CreateDbContext();
    return await context.Database.CanConnectAsync() ? Results.Ok(new { status = "Healthy" }) : Results.StatusCode(503);
}).AllowAnonymous();
app.MapTenantEndpoints();
app.MapSyncEndpoints();
app.MapConflictEndpoints();
app.MapGraphEndpoints();

app.Run();

/// <summary>Entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
