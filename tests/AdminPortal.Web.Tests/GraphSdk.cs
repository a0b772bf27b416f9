using Microsoft.Graph;
using Microsoft.Kiota.Abstractions.Authentication;

namespace AdminPortal.Web.Tests;

/// <summary>The official Graph SDK pointed at the test server with a static bearer token, as a script would be.</summary>
public static class GraphSdk
{
    public static GraphServiceClient For(PortalFactoryOn factory, string tenantId, string token = PortalFactory.BootstrapKey) =>
        new(new HttpClient(factory.Server.CreateHandler()), new BaseBearerTokenAuthenticationProvider(new StaticToken(token)),
            $"https://localhost/graph/{tenantId}/v1.0");

    private sealed class StaticToken(string token) : IAccessTokenProvider
    {
        public AllowedHostsValidator AllowedHostsValidator { get; } = new(["localhost"]);

        public Task<string> GetAuthorizationTokenAsync(Uri uri, Dictionary<string, object>? context = null, CancellationToken ct = default) =>
            Task.FromResult(token);
    }
}
