using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using AdminPortal.ActiveDirectory.Ldap;
using AdminPortal.TestSupport;

namespace AdminPortal.ActiveDirectory.Tests;

/// <summary>
/// A PEM file of CAs made into the folder libldap trusts: each certificate under the name openssl itself gives it (the
/// subject hash, compared with `openssl x509 -hash`), and a file that holds no certificate refused in one line.
/// </summary>
public class TrustedCertificatesTests
{
    private static string OpensslHash(string pem)
    {
        var start = new ProcessStartInfo("openssl", "x509 -hash -noout") { RedirectStandardInput = true, RedirectStandardOutput = true };
        using var openssl = Process.Start(start)!;
        openssl.StandardInput.Write(pem);
        openssl.StandardInput.Close();
        var hash = openssl.StandardOutput.ReadToEnd().Trim();
        openssl.WaitForExit();
        return hash;
    }

    [Theory]
    [InlineData("CN=AdminPortal test CA")]
    [InlineData("CN=  Contoso   ROOT\tCA  , O=Contoso Ltd., C=US")]
    [InlineData("CN=Zoë Müller Issuing CA 2, OU=PKI, O=Fabrikam, L=München, C=DE")]
    [InlineData("E=pki@contoso.com, CN=Contoso Mail CA, DC=contoso, DC=com")]
    public void The_folder_names_each_certificate_as_openssl_does(string subject)
    {
        var pem = TestCertificates.SelfSignedCa(subject).ExportCertificatePem();
        Assert.Equal(OpensslHash(pem), TrustedCertificates.SubjectHash(X509Certificate2.CreateFromPem(pem).SubjectName).ToString("x8"));
    }

    [Fact]
    public void Every_certificate_of_the_file_is_in_the_folder()
    {
        var file = Path.GetTempFileName();
        try
        {
            var (root, issuing) = (TestCertificates.SelfSignedCa("CN=Contoso Root"), TestCertificates.SelfSignedCa("CN=Contoso Issuing"));
            File.WriteAllText(file, root.ExportCertificatePem() + "\n" + issuing.ExportCertificatePem() + "\n");
            var folder = TrustedCertificates.FolderFor(file);
            var kept = Directory.GetFiles(folder).Select(f => X509Certificate2.CreateFromPem(File.ReadAllText(f)).Thumbprint).Order().ToList();
            Assert.Equal(new[] { root.Thumbprint, issuing.Thumbprint }.Order(), kept);
            Assert.Equal(folder, TrustedCertificates.FolderFor(file));
        }
        finally { File.Delete(file); }
    }

    [Fact]
    public void A_file_without_a_certificate_is_refused_in_one_line()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "not a certificate\n");
            var refused = Assert.Throws<DirectoryUnavailableException>(() => TrustedCertificates.FolderFor(file));
            Assert.Contains("holds no certificate", refused.Message);
            Assert.DoesNotContain("\n", refused.Message);
        }
        finally { File.Delete(file); }
    }
}
