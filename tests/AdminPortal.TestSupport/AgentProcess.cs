using System.Diagnostics;
using System.Text;

namespace AdminPortal.TestSupport;

/// <summary>
/// The sync agent as its README line runs it, in its own process (this build's AdminPortal.SyncAgent.dll, --once):
/// pointed at a test domain controller and a portal by the Agent__ settings, its output kept for the failure message.
/// </summary>
public sealed class AgentProcess : IDisposable
{
    private readonly StringBuilder output = new();

    public Process Process { get; }

    private AgentProcess(Process process) => Process = process;

    /// <param name="configuration">The build to run: Debug or Release, as the caller itself was built.</param>
    public static AgentProcess Start(SambaDomainController dc, string baseDn, Uri portal, string tenant, string accessKey, string stateDirectory,
        string configuration, IReadOnlyDictionary<string, string>? more = null)
    {
        var dll = Path.Combine(Repository.Root(), "src", "AdminPortal.SyncAgent", "bin", configuration, "net10.0", "AdminPortal.SyncAgent.dll");
        if (!File.Exists(dll)) throw new InvalidOperationException($"{dll} is missing: build the solution first (the test command does).");
        var start = new ProcessStartInfo("dotnet", $"\"{dll}\" --once") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        var settings = new Dictionary<string, string>
        {
            ["Agent__Directory__Url"] = dc.LdapsUrl.ToString(), ["Agent__Directory__User"] = SambaDomainController.AdminUser,
            ["Agent__Directory__Password"] = SambaDomainController.AdminPassword, ["Agent__Directory__BaseDn"] = baseDn,
            ["Agent__Directory__TrustedCertificate"] = dc.CaCertificate, ["Agent__Service__Url"] = portal.ToString(),
            ["Agent__Service__TenantId"] = tenant, ["Agent__Service__AccessKey"] = accessKey, ["Agent__StateDirectory"] = stateDirectory,
        };
        foreach (var (name, value) in more ?? new Dictionary<string, string>()) settings[name] = value;
        foreach (var (name, value) in settings) start.Environment[name] = value;
        var agent = new AgentProcess(OwnedProcesses.Start(start));
        agent.Process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (agent.output) agent.output.AppendLine(e.Data); };
        agent.Process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (agent.output) agent.output.AppendLine(e.Data); };
        agent.Process.BeginOutputReadLine();
        agent.Process.BeginErrorReadLine();
        return agent;
    }

    /// <summary>What the agent wrote so far, output and errors.</summary>
    public string Output { get { lock (output) return output.ToString(); } }

    /// <summary>Waits for the cycle's end; a non-zero exit throws with the agent's output.</summary>
    public async Task CompleteAsync()
    {
        await Process.WaitForExitAsync();
        if (Process.ExitCode != 0) throw new InvalidOperationException($"The agent exited with {Process.ExitCode}:\n{Output}");
    }

    public void Dispose()
    {
        try { if (!Process.HasExited) Process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        Process.Dispose();
    }
}
