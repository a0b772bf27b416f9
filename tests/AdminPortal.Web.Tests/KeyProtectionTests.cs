using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using AdminPortal.Data;
using AdminPortal.Web.Hosting;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AdminPortal.Web.Tests;

/// <summary>DataProtection:CertificatePath encrypts the data-protection keys where the portal keeps them, the database.</summary>
public sealed class KeyProtectionTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("adminportal-keys-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    /// <summary>A self-signed certificate with its private key, as a password-protected .pfx file.</summary>
    private string Pfx(string password, bool withPrivateKey = true)
    {
        using var rsa = RSA.Create(2048);
        using var certificate = new CertificateRequest("CN=AdminPortal keys", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var path = Path.Combine(folder, $"keys-{Guid.NewGuid():N}.pfx");
        using var publicOnly = X509CertificateLoader.LoadCertificate(certificate.Export(X509ContentType.Cert));
        File.WriteAllBytes(path, (withPrivateKey ? certificate : publicOnly).Export(X509ContentType.Pfx, password));
        return path;
    }

    [Fact]
    public async Task With_a_certificate_the_portal_stores_its_keys_encrypted_and_reads_them_back_after_a_restart()
    {
        var pfx = Pfx("s3cret");
        await using var portal = new PortalFactory().WithWebHostBuilder(b => b
            .UseSetting(KeyProtection.CertificatePath, pfx).UseSetting(KeyProtection.CertificatePassword, "s3cret"));
        var token = portal.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Protect("session");

        await using var db = portal.Services.GetRequiredService<PortalDbContextFactory>().CreateDbContext();
        var stored = Assert.Single(await db.DataProtectionKeys.ToListAsync()).Xml!;
        Assert.Contains("encryptedSecret", stored);
        Assert.DoesNotContain("<masterKey", stored);

        // Another instance (or the same after a restart) with the certificate reads the stored key.
        var again = new ServiceCollection();
        again.AddPortalData(portal.Services.GetRequiredService<DatabaseSettings>());
        ConfigureLikeThePortal(again, pfx, "s3cret");
        Assert.Equal("session", again.BuildServiceProvider().GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Unprotect(token));
    }

    [Fact]
    public void Without_the_setting_nothing_encrypts_the_keys()
    {
        var services = new ServiceCollection();
        services.AddPortalDataProtection(new ConfigurationBuilder().Build());
        Assert.Null(services.BuildServiceProvider().GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions>>().Value.XmlEncryptor);
    }

    [Fact]
    public void A_wrong_password_a_missing_file_or_a_certificate_without_its_private_key_stops_the_start_naming_the_setting()
    {
        var pfx = Pfx("right");
        foreach (var (path, password, says) in new[]
                 {
                     (pfx, "wrong", "cannot be read"), (Path.Combine(folder, "none.pfx"), "right", "cannot be read"), (Pfx("p", withPrivateKey: false), "p", "no private key"),
                 })
        {
            var e = Assert.Throws<InvalidOperationException>(() => ConfigureLikeThePortal(new ServiceCollection(), path, password));
            Assert.Contains(KeyProtection.CertificatePath, e.Message);
            Assert.Contains(says, e.Message);
        }
    }

    private static void ConfigureLikeThePortal(IServiceCollection services, string pfx, string password) =>
        services.AddPortalDataProtection(
            new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                [KeyProtection.CertificatePath] = pfx, [KeyProtection.CertificatePassword] = password,
            }).Build());
}
