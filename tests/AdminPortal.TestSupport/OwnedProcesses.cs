using System.Diagnostics;

namespace AdminPortal.TestSupport;

/// <summary>
/// Everything a test starts ends with the test run, even when the test host is killed: a killed host raises neither
/// Dispose nor ProcessExit, so the servers it started would run on. Each program runs in a process group of its own
/// (setsid), and a watchdog — a shell in a session of its own, so ending the host's group does not end it first —
/// stops that group, or runs a given stop command, as soon as the owning process is gone. The test command checks
/// after the suite that nothing it started is left (scripts/test.sh).
/// </summary>
public static class OwnedProcesses
{
    /// <summary>Starts the program in a process group of its own, stopped when <paramref name="owner"/> (default: this test host) is gone.</summary>
    public static Process Start(ProcessStartInfo start, int? owner = null)
    {
        if (start.ArgumentList.Count > 0) throw new ArgumentException("Give the arguments as one string (Arguments).", nameof(start));
        start.Arguments = $"\"{start.FileName}\" {start.Arguments}";
        start.FileName = "setsid";
        start.UseShellExecute = false;
        var process = Process.Start(start)!;
        AwaitOwnGroup(process);
        // setsid execs in place (a child is never a group leader): the program's pid is its group's id. The watchdog
        // leaves as soon as the group is empty (a pid is not reused while its group has a member), so it never signals
        // a stranger's group.
        Watch($"kill -0 -- -{process.Id} 2>/dev/null", $"kill -TERM -- -{process.Id} 2>/dev/null; sleep 3; kill -KILL -- -{process.Id} 2>/dev/null", owner);
        return process;
    }

    /// <summary>
    /// Returns once setsid has made the program its group's leader: a watchdog started earlier would find no group,
    /// take the program for ended and leave.
    /// </summary>
    private static void AwaitOwnGroup(Process process)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            try
            {
                // /proc/<pid>/stat: "pid (comm) state ppid pgrp …"; comm may hold spaces, so count from its closing parenthesis.
                var stat = File.ReadAllText($"/proc/{process.Id}/stat");
                if (stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[2] == process.Id.ToString()) return;
            }
            catch (IOException) { return; }
            Thread.Sleep(10);
        }
    }

    /// <summary>Runs <paramref name="stop"/> (a shell command) once <paramref name="owner"/> (default: this test host) has ended.</summary>
    public static void WhenGone(string stop, int? owner = null) => Watch("true", stop, owner);

    /// <summary>While <paramref name="needed"/> succeeds, waits for the owner to end, then runs <paramref name="stop"/>.</summary>
    private static void Watch(string needed, string stop, int? owner)
    {
        var watched = owner ?? Environment.ProcessId;
        var watchdog = new ProcessStartInfo("setsid")
        {
            // Its own output goes nowhere: a watchdog holding the host's pipes would keep the test runner waiting for them.
            ArgumentList = { "bash", "-c", $"exec >/dev/null 2>&1 </dev/null; while {needed}; do kill -0 {watched} || {{ {stop}; exit; }}; sleep 1; done" },
            UseShellExecute = false, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        using var _ = Process.Start(watchdog)!;
    }
}
