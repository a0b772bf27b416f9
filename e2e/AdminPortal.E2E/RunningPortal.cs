using System.Diagnostics;
using System.Net;

namespace AdminPortal.E2E;

/// <summary>
/// The app as the README's run command starts it (Development, SQLite file, demo tenants, development sign-in),
/// in its own process on a free loopback port with a fresh data folder. Stopped at the end of the run.
/// </summary>
/// <param name="dataFolderMegabytes">
/// A data folder on a disk of this size: a tmpfs mounted for the process alone, in a mount namespace of its own
/// (unshare; no root needed), so a test can fill the disk without touching the machine's.
/// </param>
public sealed class RunningPortal(IReadOnlyDictionary<string, string>? settings = null, int? port = null, int? dataFolderMegabytes = null) : IAsyncLifetime
{
    public RunningPortal() : this(null, null) { }

    private readonly string dataFolder = Path.Combine(Path.GetTempPath(), "adminportal-e2e-" + Guid.NewGuid().ToString("N")[..8]);
    private Process? process;
    private readonly System.Text.StringBuilder log = new();

    public string BaseUrl { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var repo = AdminPortal.TestSupport.Repository.Root();
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
        var web = Path.Combine(repo, "src", "AdminPortal.Web");
        var dll = Path.Combine(web, "bin", configuration, "net10.0", "AdminPortal.Web.dll");
        if (!File.Exists(dll)) throw new InvalidOperationException($"{dll} is missing: build the solution first (the test command does).");
        BaseUrl = $"http://127.0.0.1:{port ?? AdminPortal.TestSupport.Loopback.FreePort()}";
        var start = dataFolderMegabytes is { } megabytes
            ? new ProcessStartInfo("unshare", $"--user --map-root-user --mount sh -c \"mount -t tmpfs -o size={megabytes}m tmpfs {dataFolder} && exec dotnet {dll} --contentRoot {web}\"")
            : new ProcessStartInfo("dotnet", $"\"{dll}\" --contentRoot \"{web}\"");
        Directory.CreateDirectory(dataFolder);
        start.WorkingDirectory = web;
        start.RedirectStandardOutput = start.RedirectStandardError = true;
        start.UseShellExecute = false;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["ASPNETCORE_URLS"] = BaseUrl;
        start.Environment["Portal__DataFolder"] = dataFolder;
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) start.Environment[key] = value;
        process = AdminPortal.TestSupport.OwnedProcesses.Start(start);
        process.OutputDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient();
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited) break;
            try
            {
                if ((await http.GetAsync(BaseUrl + "/health")).StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { }
            await Task.Delay(500);
        }
        throw new InvalidOperationException($"The portal did not start at {BaseUrl}:\n{log}");
    }

    /// <summary>What the process wrote so far, standard output and error.</summary>
    public string Log
    {
        get { lock (log) return log.ToString(); }
    }

    /// <summary>Kills the process as the kernel would (SIGKILL on Linux): no shutdown, no finally, no flush.</summary>
    public void KillHard()
    {
        process!.Kill();
        process.WaitForExit(10_000);
    }

    public Task DisposeAsync()
    {
        if (process is { HasExited: false }) process.Kill(entireProcessTree: true);
        process?.WaitForExit(10_000);
        try { Directory.Delete(dataFolder, recursive: true); } catch (IOException) { }
        return Task.CompletedTask;
    }

}
