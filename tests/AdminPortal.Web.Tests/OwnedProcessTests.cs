using System.Diagnostics;
using AdminPortal.TestSupport;

namespace AdminPortal.Web.Tests;

/// <summary>What a test starts ends when its owner is killed outright (SIGKILL: no Dispose, no ProcessExit).</summary>
public class OwnedProcessTests
{
    [Fact]
    public void A_program_started_for_a_test_ends_when_its_owner_is_killed()
    {
        using var owner = Process.Start("sleep", "300");
        using var child = OwnedProcesses.Start(new ProcessStartInfo("sleep", "301"), owner.Id);
        Thread.Sleep(1500);
        Assert.False(child.HasExited, "the program ended while its owner still ran");
        owner.Kill();
        owner.WaitForExit();
        Assert.True(child.WaitForExit(15_000), "the program outlived its killed owner");
    }

    [Fact]
    public void A_stop_command_runs_once_its_owner_is_killed_and_not_before()
    {
        var marker = Path.Combine(Path.GetTempPath(), $"adminportal-owned-{Guid.NewGuid():N}");
        using var owner = Process.Start("sleep", "300");
        OwnedProcesses.WhenGone($"touch {marker}", owner.Id);
        Thread.Sleep(1500);
        Assert.False(File.Exists(marker));
        owner.Kill();
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!File.Exists(marker) && DateTime.UtcNow < deadline) Thread.Sleep(200);
        Assert.True(File.Exists(marker), "the stop command did not run after its owner was killed");
        File.Delete(marker);
    }
}
