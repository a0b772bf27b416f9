using System.Diagnostics;

namespace AdminPortal.E2E;

/// <summary>oidc-provider (npm, installed by the test command) running on loopback for the length of a test class.</summary>
public sealed class OidcProviderProcess : IAsyncDisposable
{
    public const string ClientId = "adminportal-e2e";
    public const string ClientSecret = "adminportal-e2e-secret";
    private readonly Process process;
    private readonly System.Text.StringBuilder log = new();

    private OidcProviderProcess(Process process, string issuer)
    {
        this.process = process;
        Issuer = issuer;
    }

    public string Issuer { get; }

    public static async Task<OidcProviderProcess> StartAsync(string portalBaseUrl)
    {
        var folder = Path.Combine(AdminPortal.TestSupport.Repository.Root(), "e2e", "oidc-provider");
        if (!Directory.Exists(Path.Combine(folder, "node_modules", "oidc-provider")))
            throw new InvalidOperationException($"oidc-provider is not installed in {folder}: the test command runs npm ci there.");
        var port = AdminPortal.TestSupport.Loopback.FreePort();
        var start = new ProcessStartInfo("node", "provider.mjs") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["PORT"] = port.ToString();
        start.Environment["CLIENT_ID"] = ClientId;
        start.Environment["CLIENT_SECRET"] = ClientSecret;
        start.Environment["REDIRECT_URI"] = portalBaseUrl + "/signin-oidc";
        // Identity.Web's default SignedOutCallbackPath; from there the portal goes on to /signed-out.
        start.Environment["POST_LOGOUT_REDIRECT_URI"] = portalBaseUrl + "/signout-callback-oidc";
        var provider = new OidcProviderProcess(AdminPortal.TestSupport.OwnedProcesses.Start(start), $"http://127.0.0.1:{port}");
        provider.process.OutputDataReceived += (_, e) => { lock (provider.log) provider.log.AppendLine(e.Data); };
        provider.process.ErrorDataReceived += (_, e) => { lock (provider.log) provider.log.AppendLine(e.Data); };
        provider.process.BeginOutputReadLine();
        provider.process.BeginErrorReadLine();
        using var http = new HttpClient();
        for (var i = 0; i < 60 && !provider.process.HasExited; i++)
        {
            try
            {
                if ((await http.GetAsync(provider.Issuer + "/.well-known/openid-configuration")).IsSuccessStatusCode) return provider;
            }
            catch (HttpRequestException) { }
            await Task.Delay(500);
        }
        throw new InvalidOperationException("oidc-provider did not start:\n" + provider.log);
    }

    public ValueTask DisposeAsync()
    {
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        process.WaitForExit(5_000);
        return ValueTask.CompletedTask;
    }
}
