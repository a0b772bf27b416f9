using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace AdminPortal.TestSupport;

/// <summary>Certificates made for a test: a CA of its own, which nothing else trusts.</summary>
public static class TestCertificates
{
    /// <summary>A self-signed CA certificate (ECDSA P-256, a day long) with the given subject.</summary>
    public static X509Certificate2 SelfSignedCa(string subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName(subject), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
    }
}
