using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using AdminPortal.Data;
using Microsoft.AspNetCore.DataProtection;

namespace AdminPortal.Web.Hosting;

/// <summary>
/// The data-protection keys (they sign the session cookies and antiforgery tokens) live in the database. With a
/// certificate named in DataProtection:CertificatePath they are encrypted there, so that a copy of the database
/// (a backup, a read-only login) is not enough to forge a session: the certificate is kept apart from the database.
/// Without it they are stored as plain XML, and ASP.NET Core warns so each time it makes a key.
/// </summary>
public static class KeyProtection
{
    public const string CertificatePath = "DataProtection:CertificatePath";
    public const string CertificatePassword = "DataProtection:CertificatePassword";

    /// <summary>The portal's data protection: keys in the database (sign-in cookies and antiforgery tokens survive a
    /// restart and work across instances), encrypted there when a certificate is configured.</summary>
    public static IDataProtectionBuilder AddPortalDataProtection(this IServiceCollection services, IConfiguration config)
    {
        var builder = services.AddDataProtection().SetApplicationName("AdminPortal").PersistKeysToDbContext<PortalDbContext>();
        return config[CertificatePath] is { Length: > 0 } path ? builder.ProtectKeysWithCertificate(Load(path, config[CertificatePassword])) : builder;
    }

    private static X509Certificate2 Load(string path, string? password)
    {
        X509Certificate2 certificate;
        try { certificate = X509CertificateLoader.LoadPkcs12FromFile(path, password); }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException(
                $"Setting {CertificatePath}: '{path}' cannot be read as a PKCS#12 (.pfx) certificate with {CertificatePassword}: {e.Message}", e);
        }
        // Encrypting with a certificate whose private key is not here would make every new key unreadable.
        if (!certificate.HasPrivateKey)
            throw new InvalidOperationException($"Setting {CertificatePath}: '{path}' holds no private key; the keys it encrypts could never be read back.");
        return certificate;
    }
}
