using System.Net;
using System.Security.Claims;
using AdminPortal.Data;
using AdminPortal.SyncRules;
using AdminPortal.SyncRules.Access;
using AdminPortal.TestSupport;
using AdminPortal.Web.Hosting;
using AdminPortal.Web.Security;
using AdminPortal.Web.Security.Credentials;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AdminPortal.Web.Tests;

/// <summary>
/// A live page keeps the user it was opened by only while that user's credential holds: a browser session signed out
/// (anywhere), a revoked access key or an expired token loses access at the next revalidation.
/// </summary>
public class CircuitRevalidationTests : IAsyncLifetime
{
    private readonly ServiceProvider services;

    public CircuitRevalidationTests()
    {
        var s = new ServiceCollection();
        s.AddLogging();
        s.AddSyncRules();
        s.AddPortalData(TestDatabases.NewSettings(DatabaseProvider.Sqlite));
        s.AddScoped<CredentialValidity>();
        services = s.BuildServiceProvider();
    }

    public async Task InitializeAsync() => await services.GetRequiredService<DatabaseInitializer>().MigrateAsync();

    public async Task DisposeAsync() => await services.DisposeAsync();

    private T Get<T>() where T : notnull => services.CreateScope().ServiceProvider.GetRequiredService<T>();

    private static ClaimsPrincipal User(string scheme, params Claim[] claims) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, "alice"), new Claim(ClaimTypes.Role, Roles.Admin), .. claims], scheme));

    [Fact]
    public async Task A_browser_session_holds_until_it_is_signed_out()
    {
        var sessions = Get<SignInSessions>();
        var session = await sessions.StartAsync("alice", default);
        var user = User(PortalSignIn.CookieScheme, new Claim(BrowserSession.ClaimType, session.ToString()));
        Assert.True(await Get<CredentialValidity>().HoldsAsync(user, default));
        await sessions.EndAsync(session, default);
        Assert.False(await Get<CredentialValidity>().HoldsAsync(user, default));
        // A cookie from before sessions were kept carries none: it does not hold either.
        Assert.False(await Get<CredentialValidity>().HoldsAsync(User(PortalSignIn.CookieScheme), default));
    }

    [Fact]
    public async Task An_access_key_holds_until_it_is_revoked_and_a_token_until_it_expires()
    {
        var keys = Get<AccessKeyService>();
        var (key, _) = await keys.IssueAsync("dashboard script", Roles.Reader, null, "admin", default);
        var keyUser = User(AccessKeyHandler.SchemeName, new Claim(AccessKeyHandler.KeyIdClaim, key.Id.ToString()));
        Assert.True(await Get<CredentialValidity>().HoldsAsync(keyUser, default));
        await keys.RevokeAsync(key.Id, "admin", default);
        Assert.False(await Get<CredentialValidity>().HoldsAsync(keyUser, default));

        static ClaimsPrincipal TokenUser(TimeSpan expiresIn) => User("Bearer", new Claim("exp", DateTimeOffset.UtcNow.Add(expiresIn).ToUnixTimeSeconds().ToString()));
        Assert.True(await Get<CredentialValidity>().HoldsAsync(TokenUser(TimeSpan.FromMinutes(10)), default));
        Assert.False(await Get<CredentialValidity>().HoldsAsync(TokenUser(TimeSpan.FromMinutes(-1)), default));

        Assert.True(await Get<CredentialValidity>().HoldsAsync(User(BootstrapKeyHandler.SchemeName), default));
        Assert.True(await Get<CredentialValidity>().HoldsAsync(new ClaimsPrincipal(new ClaimsIdentity()), default));
    }

    [Fact]
    public async Task The_circuit_user_becomes_anonymous_at_the_first_revalidation_after_sign_out()
    {
        var sessions = Get<SignInSessions>();
        var session = await sessions.StartAsync("alice", default);
        var settings = CircuitSettings.From(new ConfigurationBuilder().AddInMemoryCollection([new("Circuits:RevalidationInterval", "00:00:00.100")]).Build());
        using var revalidation = new CircuitUserRevalidation(services.GetRequiredService<Microsoft.Extensions.Logging.ILoggerFactory>(),
            Get<CredentialValidity>(), settings);
        revalidation.SetAuthenticationState(Task.FromResult(new AuthenticationState(
            User(PortalSignIn.CookieScheme, new Claim(BrowserSession.ClaimType, session.ToString())))));
        var changed = new TaskCompletionSource<AuthenticationState>(TaskCreationOptions.RunContinuationsAsynchronously);
        revalidation.AuthenticationStateChanged += async task => changed.TrySetResult(await task);

        await Task.Delay(400);
        Assert.False(changed.Task.IsCompleted);
        await sessions.EndAsync(session, default);
        var state = await changed.Task.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(state.User.Identity?.IsAuthenticated);
    }
}

/// <summary>Signing out ends the session on the server: a copy of its cookie is refused afterwards.</summary>
public class SignedOutSessionTests(DevelopmentPortalFactory factory) : IClassFixture<DevelopmentPortalFactory>
{
    [Fact]
    public async Task A_copy_of_the_cookie_of_a_signed_out_session_is_refused()
    {
        var jar = new CookieContainer();
        var browser = factory.CreateDefaultClient(new Uri("http://localhost"), new CookieContainerHandler(jar));
        var form = await Forms.GetPageAsync(browser, "/signin/dev?returnUrl=/");
        Assert.Equal(HttpStatusCode.Redirect, (await Forms.SubmitAsync(browser, form, "form", "/signin/dev", ("name", "alice"), ("role", Roles.Reader))).StatusCode);
        var copy = jar.GetCookieHeader(new Uri("http://localhost"));

        Assert.Equal(HttpStatusCode.OK, (await WithCookie(copy).GetAsync("/")).StatusCode);
        var page = await Forms.GetPageAsync(browser, "/");
        await Forms.SubmitAsync(browser, page, "form[action='/signout']", "/signout");

        var replay = await WithCookie(copy).GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, replay.StatusCode);
        Assert.StartsWith("/signin", replay.Headers.Location!.PathAndQuery);
    }

    private HttpClient WithCookie(string cookie)
    {
        var client = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Add("Cookie", cookie);
        return client;
    }
}
