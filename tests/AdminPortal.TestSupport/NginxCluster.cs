using System.Diagnostics;
using System.Text.RegularExpressions;
namespace AdminPortal.TestSupport;

/// <summary>
/// Three instances over one PostgreSQL behind nginx, started by <c>scripts/cluster.sh</c> itself (the developer's one
/// command is what the tests and the capacity benchmark run), once per test class. Settings given reach every instance.
/// </summary>
public sealed partial class NginxCluster : IAsyncLifetime
{
    private readonly int size;
    private readonly IReadOnlyDictionary<string, string> settings;

    /// <summary>The tests' cluster (xunit's class fixture: one public constructor): three instances, fix-up every 2 seconds on whichever holds its lease.</summary>
    public NginxCluster() : this(3, new Dictionary<string, string> { ["Fixup__Interval"] = "00:00:02" }) { }

    private NginxCluster(int size, IReadOnlyDictionary<string, string> settings) => (this.size, this.settings) = (size, settings);

    /// <summary>A cluster of <paramref name="size"/> instances with these settings (not started: <see cref="InitializeAsync"/>).</summary>
    public static NginxCluster Of(int size, IReadOnlyDictionary<string, string> settings) => new(size, settings);

    private Process? script;
    private readonly List<string> output = [];
    private readonly List<ClusterInstance> instances = [];

    /// <summary>nginx, as browsers and scripts reach the cluster.</summary>
    public string BaseUrl { get; private set; } = "";
    public IReadOnlyList<ClusterInstance> Instances => instances;
    /// <summary>The cluster's database (its Unix socket), for checks the API cannot make.</summary>
    public string Database { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var repo = Repository.Root();
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
        var port = Loopback.FreePort();
        var start = new ProcessStartInfo("bash", $"scripts/cluster.sh --instances {size} --port {port} --no-build --configuration {configuration}")
        {
            WorkingDirectory = repo, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        foreach (var (key, value) in settings) start.Environment[key] = value;
        script = OwnedProcesses.Start(start);
        var ready = new TaskCompletionSource();
        void Read(string? line)
        {
            if (line is null) { ready.TrySetException(new InvalidOperationException("scripts/cluster.sh ended:\n" + Output)); return; }
            lock (output) output.Add(line);
            if (InstanceLine().Match(line) is { Success: true } m)
                lock (instances) instances.Add(new ClusterInstance(int.Parse(m.Groups[1].Value), m.Groups[2].Value, int.Parse(m.Groups[3].Value)));
            if (line.StartsWith("database: ", StringComparison.Ordinal)) Database = line["database: ".Length..];
            if (line.StartsWith("AdminPortal on ", StringComparison.Ordinal)) { BaseUrl = $"http://127.0.0.1:{port}"; ready.TrySetResult(); }
        }
        script.OutputDataReceived += (_, e) => Read(e.Data);
        script.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.Add(e.Data); };
        script.BeginOutputReadLine();
        script.BeginErrorReadLine();
        await ready.Task.WaitAsync(TimeSpan.FromMinutes(4));
        if (instances.Count != size) throw new InvalidOperationException($"scripts/cluster.sh started {instances.Count} instances, not {size}:\n{Output}");
    }

    /// <summary>What the script wrote so far.</summary>
    public string Output
    {
        get { lock (output) return string.Join('\n', output); }
    }

    /// <summary>The instance nginx says answered a response (the last one it tried: a dead one comes first in the list).</summary>
    public ClusterInstance AnsweredBy(IReadOnlyDictionary<string, string> headers)
    {
        var tried = headers["x-adminportal-instance"].Split(',', StringSplitOptions.TrimEntries);
        return instances.Single(i => i.Url == "http://" + tried[^1]);
    }

    /// <summary>Stops everything the script started, as Ctrl+C would (its trap stops the instances, nginx and PostgreSQL).</summary>
    public async Task DisposeAsync()
    {
        if (script is null) return;
        if (!script.HasExited) Process.Start("kill", $"-TERM {script.Id}")!.WaitForExit();
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try { await script.WaitForExitAsync(patience.Token); }
        catch (OperationCanceledException) { script.Kill(entireProcessTree: true); }
    }

    [GeneratedRegex(@"^instance (\d+): (http://\S+) pid (\d+)")]
    private static partial Regex InstanceLine();
}

/// <summary>One instance of the cluster: its own URL (behind nginx's back) and its process.</summary>
public sealed record ClusterInstance(int Number, string Url, int Pid)
{
    /// <summary>Kills the instance as the kernel would (SIGKILL): no shutdown, no finally, its connections cut.</summary>
    public void KillHard()
    {
        using var process = Process.GetProcessById(Pid);
        process.Kill();
        process.WaitForExit(10_000);
    }

    /// <summary>The name its database sessions carry (pg_stat_activity.application_name), set by scripts/cluster.sh.</summary>
    public string ApplicationName => $"adminportal-{Number}";
}
