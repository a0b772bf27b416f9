using System.Diagnostics;

namespace AdminPortal.TestSupport;

/// <summary>Runs a setup command of a test server (initdb, samba-tool, openssl, ldbadd…) to its end.</summary>
public static class Commands
{
    /// <summary>
    /// Its output and errors together, or an exception quoting them (and <paramref name="more"/>, such as a server's
    /// log) when it fails or runs over <paramref name="limit"/> (two minutes unless given).
    /// </summary>
    public static string Run(ProcessStartInfo start, Func<string>? more = null, TimeSpan? limit = null)
    {
        start.RedirectStandardOutput = start.RedirectStandardError = true;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(limit ?? TimeSpan.FromMinutes(2)) || process.ExitCode != 0)
            throw new InvalidOperationException($"'{start.FileName} {start.Arguments}' failed: {stdout.Result}{stderr.Result}{more?.Invoke()}");
        return stdout.Result + stderr.Result;
    }
}
