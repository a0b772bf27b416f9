using System.Security.Claims;
using AdminPortal.Data;
using AdminPortal.SyncRules;
using AdminPortal.SyncRules.Sync;
using AdminPortal.SyncRules.Tenants;
using AdminPortal.TestSupport;
using AdminPortal.Web.Hosting;
using AdminPortal.Web.Security;
using Bunit;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MudBlazor;
using MudBlazor.Services;

namespace AdminPortal.Web.Tests.Components;

/// <summary>
/// A portal component rendered by bunit on the real services and a fresh SQLite database, signed in as whoever the
/// test says; authorization uses the portal's own policies. Disposed asynchronously (MudBlazor's services need it).
/// </summary>
public abstract class PortalComponentTest : IAsyncLifetime
{
    protected readonly BunitContext Ctx = new();
    protected readonly TestUser User = new();

    protected PortalComponentTest() : this(_ => { }) { }

    /// <param name="replace">Changes to the services before they are sealed (a store whose disk is full, say).</param>
    protected PortalComponentTest(Action<IServiceCollection> replace)
    {
        // A page waited for reloads from its database after a change: on 2 busy cores (the suite's assemblies and its
        // PostgreSQL in parallel) that took over bunit's 1 s once in a CI run. A wait ends when its assertion holds; the
        // waits that measure speed (a live update within 2 s) give their own bound and keep it.
        BunitContext.DefaultWaitTimeout = TimeSpan.FromSeconds(10);
        Ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        var s = Ctx.Services;
        s.AddLogging();
        s.AddMudServices();
        s.AddSyncRules();
        AdminPortal.ActiveDirectory.ServiceCollectionExtensions.AddActiveDirectory(s);
        s.AddPortalData(TestDatabases.NewSettings(DatabaseProvider.Sqlite));
        // The portal's real policies, evaluated by the framework's own service (bunit's placeholder refuses to guess).
        s.AddAuthorizationCore(Policies.Configure);
        s.Replace(ServiceDescriptor.Transient<IAuthorizationService, DefaultAuthorizationService>());
        s.Replace(ServiceDescriptor.Transient<IAuthorizationPolicyProvider, DefaultAuthorizationPolicyProvider>());
        s.AddCascadingAuthenticationState();
        s.AddSingleton<AuthenticationStateProvider>(User);
        s.AddScoped<PortalUser>();
        s.AddSingleton<Microsoft.Extensions.Hosting.IHostApplicationLifetime>(new StillRunning());
        s.AddScoped<DemoSeeder>();
        s.AddScoped<ConflictResolutionServiceAccess>();
        // The portal's settings at their defaults, as an empty appsettings gives them.
        s.AddSingleton(PortalSettings.From(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build(),
            new Microsoft.Extensions.Hosting.Internal.HostingEnvironment { EnvironmentName = "Development" }));
        replace(s);
        // As in the browser: rendered interactively on the server, over a circuit (the renderer is built last: it seals the services).
        Ctx.Renderer.SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
    }

    public async Task InitializeAsync() => await Service<DatabaseInitializer>().MigrateAsync();

    public async Task DisposeAsync() => await Ctx.DisposeAsync();

    protected T Service<T>() where T : notnull => Ctx.Services.GetRequiredService<T>();

    /// <summary>The demo tenants, made by real batches through the real engine; answers Contoso's id.</summary>
    protected async Task<Guid> ContosoAsync()
    {
        await Service<DemoSeeder>().SeedAsync(default);
        return (await Service<TenantService>().ListAsync(default)).Single(t => t.DisplayName == "Contoso").Id;
    }

    /// <summary>A tenant created in <paramref name="createdYear"/>: by default after duplicate-attribute resiliency became the
    /// default (duplicates are quarantined); 2015 for one with the one-way features still off.</summary>
    protected async Task<Guid> EmptyTenantAsync(string name = "Tailspin", int createdYear = 2018) =>
        (await Service<TenantService>().CreateAsync(new NewTenant(name, $"{name.ToLowerInvariant()}.onmicrosoft.com",
            new DateTimeOffset(createdYear, 1, 1, 0, 0, 0, TimeSpan.Zero), [new($"{name.ToLowerInvariant()}.com", "Managed")]), "test", default)).Id;

    protected Task<BatchOutcome> PushAsync(Guid tenant, params IncomingObject[] objects) =>
        Service<SyncService>().ApplyBatchAsync(tenant, new SyncBatchRequest("delta", objects), "sync-client", default);

    /// <summary>
    /// What a tenant has stored, as one string: its objects (id, name, UPN, sync state), its batches and its held
    /// exports. Equal before and after a page's action that must write nothing.
    /// </summary>
    protected async Task<string> StoredStateAsync(Guid tenant) =>
        string.Join("|", (await Service<Data.Queries.DirectoryQueries>().SearchAsync(tenant, null, null, 100, null, default)).Items
            .Select(o => $"{o.Id}{o.DisplayName}{o.UserPrincipalName}{o.SyncEnabled}"))
        + (await Service<Data.Queries.BatchQueries>().ListAsync(tenant, 0, 100, default)).Items.Count
        + (await Service<SyncRules.Reviews.DeletionReviewService>().ListAsync(tenant, default)).Count;

    protected static IncomingObject UserObject(string anchor, string upn, params string[] proxies) => new()
    {
        ObjectType = "user", SourceAnchor = anchor, DisplayName = anchor, UserPrincipalName = upn, ProxyAddresses = proxies,
    };

    /// <summary>Dialogs, popovers and snackbars render into these providers, as the layout has them.</summary>
    protected IRenderedComponent<Microsoft.AspNetCore.Components.IComponent> Providers() => Ctx.Render(b =>
    {
        b.OpenComponent<MudPopoverProvider>(0);
        b.CloseComponent();
        b.OpenComponent<MudDialogProvider>(1);
        b.CloseComponent();
        b.OpenComponent<MudSnackbarProvider>(2);
        b.CloseComponent();
    });
}

/// <summary>The signed-in user of a test: anonymous until SignIn; a change is announced as a real sign-out would be.</summary>
public sealed class TestUser : AuthenticationStateProvider
{
    private ClaimsPrincipal user = new(new ClaimsIdentity());

    public void SignIn(string role, string name = "alice")
    {
        user = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.Role, role)], "test"));
        NotifyAuthenticationStateChanged(GetAuthenticationStateAsync());
    }

    public void SignOut()
    {
        user = new ClaimsPrincipal(new ClaimsIdentity());
        NotifyAuthenticationStateChanged(GetAuthenticationStateAsync());
    }

    public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(user));
}

/// <summary>The host of a component test: it never stops.</summary>
internal sealed class StillRunning : Microsoft.Extensions.Hosting.IHostApplicationLifetime
{
    public CancellationToken ApplicationStarted => CancellationToken.None;
    public CancellationToken ApplicationStopping => CancellationToken.None;
    public CancellationToken ApplicationStopped => CancellationToken.None;
    public void StopApplication() { }
}
