using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace AdminPortal.TestSupport;

/// <summary>
/// A real PostgreSQL server for the test run: a throw-away cluster in a temp folder, on a free port, reached by
/// its Unix socket, stopped and deleted at the end. Needs Debian's postgresql package (the test script installs it).
/// </summary>
public sealed class PostgresServer : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "adminportal-pg-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly string bin;
    private readonly bool asPostgresUser = Environment.UserName == "root";
    private readonly int port;
    private int databases;

    public PostgresServer()
    {
        bin = FindBinaries();
        port = Loopback.FreePort();
        Directory.CreateDirectory(root);
        if (asPostgresUser) Run("chown", "postgres:postgres " + root, asUser: false);
        Run(Path.Combine(bin, "initdb"), $"-D {root}/data -U postgres --auth=trust -E UTF8 --locale=C.UTF-8");
        // Each test makes a database of its own, and each database's pool keeps its connections open a while after the
        // test: PostgreSQL's 100 connections ran out in a run of the data tests ("too many clients already").
        Run(Path.Combine(bin, "pg_ctl"),
            $"-D {root}/data -l {root}/server.log -w -t 60 -o \"-p {port} -k {root} -c listen_addresses='' -c max_connections=400 -c fsync=off -c synchronous_commit=off -c full_page_writes=off\" start");
        // Stopped with the test host even when it is killed and Dispose never runs.
        var stop = StartInfo(Path.Combine(bin, "pg_ctl"), $"-D {root}/data -m immediate -w stop");
        OwnedProcesses.WhenGone($"{stop.FileName} {stop.Arguments}; rm -rf {root}");
    }

    /// <summary>A new, empty database on the server; each test class gets its own.</summary>
    public string CreateDatabase() => Create("");

    /// <summary>A copy of a database as it is now (PostgreSQL's template copy); nobody may be connected to the source meanwhile.</summary>
    public string CopyDatabase(string connectionString)
    {
        Npgsql.NpgsqlConnection.ClearAllPools();
        return Create($" TEMPLATE \"{new Npgsql.NpgsqlConnectionStringBuilder(connectionString).Database}\"");
    }

    private string Create(string clause)
    {
        var name = $"test_{Interlocked.Increment(ref databases)}_{Guid.NewGuid():N}"[..30];
        using var connection = new Npgsql.NpgsqlConnection(ConnectionString("postgres"));
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"CREATE DATABASE \"{name}\"{clause}";
        command.ExecuteNonQuery();
        return ConnectionString(name);
    }

    private string ConnectionString(string database) =>
        $"Host={root};Port={port};Username=postgres;Database={database};Pooling=true;Include Error Detail=true";

    public void Dispose()
    {
        try { Run(Path.Combine(bin, "pg_ctl"), $"-D {root}/data -m immediate -w stop"); } catch (InvalidOperationException) { }
        Npgsql.NpgsqlConnection.ClearAllPools();
        try { Directory.Delete(root, recursive: true); } catch (IOException) { }
    }

    private ProcessStartInfo StartInfo(string file, string arguments, bool asUser = true) => asPostgresUser && asUser
        ? new ProcessStartInfo("runuser", $"-u postgres -- {file} {arguments}")
        : new ProcessStartInfo(file, arguments);

    private void Run(string file, string arguments, bool asUser = true) =>
        Commands.Run(StartInfo(file, arguments, asUser), () => File.Exists($"{root}/server.log") ? File.ReadAllText($"{root}/server.log") : "");

    /// <summary>A client program of the server's version (psql), to hold a session from a process of its own.</summary>
    public static string Program(string name) => Path.Combine(FindBinaries(), name);

    private static string FindBinaries()
    {
        var fromEnv = Environment.GetEnvironmentVariable("PG_BIN");
        if (!string.IsNullOrEmpty(fromEnv)) return fromEnv;
        var installed = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb")))
                       .OrderByDescending(d => d).FirstOrDefault()
            : null;
        return installed ?? throw new InvalidOperationException(
            "PostgreSQL server binaries were not found under /usr/lib/postgresql/*/bin (or PG_BIN). Run the README's test command, which installs Debian's postgresql package.");
    }
}

public static class Loopback
{
    /// <summary>A loopback port nothing listens on right now: for a server to start on, or to stand for one that is down.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

public static class Repository
{
    /// <summary>The working tree this build came from (the folder holding AdminPortal.sln above the running assembly).</summary>
    public static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "AdminPortal.sln"))) return dir.FullName;
        throw new InvalidOperationException("AdminPortal.sln was not found above " + AppContext.BaseDirectory);
    }
}
