namespace AdminPortal.Benchmarks;

/// <summary>
/// CPU time spent by processes, from /proc (user and system, in seconds): who used the machine's cores during a
/// measured window — the servers, the database, or the browser standing in for the admins.
/// </summary>
public static class ProcessCpu
{
    private const double TicksPerSecond = 100; // USER_HZ, 100 on Linux

    /// <summary>The CPU seconds of every process whose command name is <paramref name="name"/> (chromium, postgres).</summary>
    public static double Named(string name) => Of(Directory.EnumerateDirectories("/proc")
        .Select(d => int.TryParse(Path.GetFileName(d), out var pid) ? pid : 0)
        .Where(pid => pid > 0 && Comm(pid) == name));

    public static double Of(IEnumerable<int> pids) => pids.Sum(pid =>
    {
        try
        {
            // "pid (comm) state ppid …": comm may hold spaces, so count from its closing parenthesis. utime and stime are
            // fields 14 and 15; cutime and cstime (16, 17) hold the children it reaped — PostgreSQL's ended backends —
            // so the sum over a program's processes only grows.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(fields[11]) + long.Parse(fields[12]) + long.Parse(fields[13]) + long.Parse(fields[14])) / TicksPerSecond;
        }
        catch (IOException) { return 0; } // ended meanwhile
    });

    private static string? Comm(int pid)
    {
        try { return File.ReadAllText($"/proc/{pid}/comm").Trim(); }
        catch (IOException) { return null; }
    }
}
