using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace AdminPortal.TestSupport;

/// <summary>
/// A real Active Directory domain controller for a test class: Debian's Samba provisioned into a temp folder, with no
/// DNS, on an address of its own on loopback (127.0.0.N, so several run side by side), LDAPS on 636 with a certificate
/// for that address from a CA of its own (verified by the clients, never switched off), stopped and deleted at the end.
/// </summary>
public sealed class SambaDomainController : IDisposable
{
    public const string Realm = "ADMINPORTAL.TEST";
    public const string BaseDn = "DC=adminportal,DC=test";
    public const string AdminUser = "administrator@adminportal.test";
    // A test secret for a throw-away directory on loopback; Samba's policy wants upper, lower, digit and symbol.
    public const string AdminPassword = "Test-Passw0rd!";

    private readonly string root = Path.Combine(Path.GetTempPath(), "adminportal-dc-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly Process server;

    public string Address { get; }
    /// <summary>The CA that signed the DC's certificate, as a PEM file.</summary>
    public string CaCertificate => Path.Combine(root, "tls", "ca.pem");
    public string SamDatabase => Path.Combine(root, "private", "sam.ldb");
    public Uri LdapsUrl => new($"ldaps://{Address}:636");

    public SambaDomainController()
    {
        Address = FreeAddress();
        Directory.CreateDirectory(Path.Combine(root, "tls"));
        // Removed when the test process is gone, whether or not the controller ever starts.
        OwnedProcesses.WhenGone($"rm -rf {root}");
        Directory.CreateDirectory(Path.Combine(root, "run"));
        var tls = Path.Combine(root, "tls");
        Run("openssl", $"req -x509 -newkey rsa:2048 -nodes -keyout {tls}/ca.key -out {tls}/ca.pem -days 2 -subj \"/CN=AdminPortal test CA\"");
        Run("openssl", $"req -newkey rsa:2048 -nodes -keyout {tls}/dc.key -out {tls}/dc.csr -subj \"/CN={Address}\"");
        File.WriteAllText($"{tls}/ext.cnf", $"subjectAltName=IP:{Address}\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n");
        Run("openssl", $"x509 -req -in {tls}/dc.csr -CA {tls}/ca.pem -CAkey {tls}/ca.key -CAcreateserial -out {tls}/dc.pem -days 2 -extfile {tls}/ext.cnf");
        Run("chmod", $"600 {tls}/dc.key");
        Run("samba-tool", $"domain provision --targetdir={root} --realm={Realm} --domain=ADMINPORTAL --server-role=dc --dns-backend=NONE " +
            $"--adminpass={AdminPassword} --option=\"interfaces={Address}/8\" --option=\"bind interfaces only=yes\" --option=\"pid directory={root}/run\" " +
            $"--option=\"tls enabled=yes\" --option=\"tls certfile={tls}/dc.pem\" --option=\"tls keyfile={tls}/dc.key\" --option=\"tls cafile={tls}/ca.pem\"");
        server = OwnedProcesses.Start(new ProcessStartInfo("samba", $"-i -s {root}/etc/smb.conf -M single")
        {
            RedirectStandardOutput = true, RedirectStandardError = true,
        });
        server.OutputDataReceived += (_, _) => { };
        server.ErrorDataReceived += (_, _) => { };
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();
        WaitForLdaps();
    }

    /// <summary>Adds entries (an LDIF of adds) straight into the directory's database, as an admin's import would.</summary>
    public void Add(string ldif) => Ldb("ldbadd", ldif);

    /// <summary>Applies an LDIF change file (changetype: modify) to the directory's database.</summary>
    public void Modify(string ldif) => Ldb("ldbmodify", ldif);

    /// <summary>Deletes an entry (the directory keeps its tombstone, as AD does).</summary>
    public void Delete(string dn) => Run("ldbdel", $"-H {SamDatabase} \"{dn}\"");

    /// <summary>Renames or moves an entry to a new DN.</summary>
    public void Rename(string dn, string newDn) => Run("ldbrename", $"-H {SamDatabase} \"{dn}\" \"{newDn}\"");

    private void Ldb(string tool, string ldif)
    {
        var file = Path.Combine(root, $"{tool}-{Guid.NewGuid():N}.ldif");
        File.WriteAllText(file, ldif);
        // ldbadd and ldbmodify can stop at a refused record and still exit 0: count what they say they did.
        // Samba checks each new account's names against the directory's: adding to a large one takes minutes.
        var output = Commands.Run(new ProcessStartInfo(tool, $"-H {SamDatabase} {file}"), limit: TimeSpan.FromMinutes(15));
        var records = ldif.Split('\n').Count(l => l.StartsWith("dn:", StringComparison.OrdinalIgnoreCase));
        if (!output.Contains($" {records} record", StringComparison.Ordinal))
            throw new InvalidOperationException($"{tool} did not apply all {records} records: {output}");
    }

    private void WaitForLdaps()
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (server.HasExited) throw new InvalidOperationException($"samba exited with {server.ExitCode} before answering on {Address}:636.");
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Parse(Address), 636);
                return;
            }
            catch (SocketException) { Thread.Sleep(200); }
        }
        throw new InvalidOperationException($"samba did not answer on {Address}:636 within 60 s.");
    }

    /// <summary>A 127.0.0.N where nothing listens on LDAPS's port.</summary>
    private static string FreeAddress()
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var address = $"127.0.0.{Random.Shared.Next(2, 254)}";
            try
            {
                using var probe = new TcpListener(IPAddress.Parse(address), 636);
                probe.Start();
                return address;
            }
            catch (SocketException) { }
        }
        throw new InvalidOperationException("No loopback address with port 636 free.");
    }

    private static string Run(string file, string arguments) => Commands.Run(new ProcessStartInfo(file, arguments));

    public void Dispose()
    {
        try { if (!server.HasExited) { server.Kill(entireProcessTree: true); server.WaitForExit(10_000); } } catch (InvalidOperationException) { }
        server.Dispose();
        try { Directory.Delete(root, recursive: true); } catch (IOException) { }
    }
}
