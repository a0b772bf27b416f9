using System.Diagnostics;
using AdminPortal.Data;
using AdminPortal.TestSupport;

namespace AdminPortal.Benchmarks;

/// <summary>
/// The real portal (this build's Release AdminPortal.Web.dll) in its own process on a fresh database, development
/// sign-in and its bootstrap key (Admin), no demo data; its peak resident set read from /proc; killed when disposed.
/// </summary>
public sealed class PortalProcess : IAsyncDisposable
{
    private readonly Process server;

    public Uri Url { get; }
    /// <summary>A client of the portal with the bootstrap key.</summary>
    public HttpClient Http { get; }

    private PortalProcess(Process server, Uri url)
    {
        (this.server, Url) = (server, url);
        Http = PortalApi.Client(url);
    }

    public static async Task<PortalProcess> StartAsync(DatabaseSettings database)
    {
        var web = Path.Combine(Repository.Root(), "src", "AdminPortal.Web");
        var dll = Path.Combine(web, "bin", "Release", "net10.0", "AdminPortal.Web.dll");
        var url = new Uri($"http://127.0.0.1:{Loopback.FreePort()}");
        var start = new ProcessStartInfo("dotnet", $"\"{dll}\" --contentRoot \"{web}\"") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["ASPNETCORE_URLS"] = url.ToString();
        start.Environment["Portal__DataFolder"] = Path.Combine(Path.GetTempPath(), "adminportal-bench-http-" + Guid.NewGuid().ToString("N")[..8]);
        start.Environment["Portal__SeedDemoData"] = "false";
        start.Environment["Database__Provider"] = database.Provider.ToString();
        start.Environment["ConnectionStrings__AdminPortal"] = database.ConnectionString;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var server = OwnedProcesses.Start(start);
        server.OutputDataReceived += (_, _) => { };
        server.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("server: " + e.Data); };
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();
        var portal = new PortalProcess(server, url);
        for (var ready = false; !ready; await Task.Delay(250))
            try { ready = (await portal.Http.GetAsync("/health")).IsSuccessStatusCode; } catch (HttpRequestException) { }
        return portal;
    }

    /// <summary>A new tenant with contoso.com (managed) and fabrikam.com (federated) verified; its id.</summary>
    public Task<string> CreateTenantAsync(string name) => PortalApi.CreateTenantAsync(Http, name);

    public long PeakResident => PeakResidentOf(server.Id);

    /// <summary>A process's peak resident set (VmHWM) in bytes.</summary>
    public static long PeakResidentOf(int pid) =>
        File.ReadLines($"/proc/{pid}/status").Where(l => l.StartsWith("VmHWM:")).Select(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024).Single();

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        server.Kill(entireProcessTree: true);
        await server.WaitForExitAsync();
        server.Dispose();
    }
}
