using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using AdminPortal.Data;
using AdminPortal.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace AdminPortal.Web.Tests;

/// <summary>
/// The app in Production on real Kestrel over TLS, on a fresh database of the given provider: a certificate made for
/// this run, and clients that verify the server against it (the chain to that one trusted root and the name) —
/// verification narrowed to our own root, never switched off.
/// </summary>
public class TlsPortalFactoryOn : WebApplicationFactory<Program>
{
    private static readonly X509Certificate2 Certificate = MakeCertificate();
    private readonly DatabaseProvider provider;

    public TlsPortalFactoryOn(DatabaseProvider provider)
    {
        this.provider = provider;
        UseKestrel(k => k.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(Certificate)));
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder) => PortalFactoryOn.UseFreshPortal(builder, "Production", provider);

    /// <summary>A script's client over TLS with the bootstrap key.</summary>
    public HttpClient Admin()
    {
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, errors) => Trusted(certificate, errors) },
        };
        var client = new HttpClient(handler) { BaseAddress = new Uri(address.Replace("127.0.0.1", "localhost")) };
        client.DefaultRequestHeaders.Authorization = new("Bearer", PortalFactoryOn.BootstrapKey);
        return client;
    }

    /// <summary>The name must match, and the chain must end at this run's certificate and nowhere else.</summary>
    private static bool Trusted(X509Certificate? certificate, SslPolicyErrors errors)
    {
        if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None) return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Certificate);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(new X509Certificate2(certificate));
    }

    private static X509Certificate2 MakeCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var made = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        // Exported and read back so the private key is usable by the TLS stack on every platform.
        return X509CertificateLoader.LoadPkcs12(made.Export(X509ContentType.Pfx), null);
    }
}

public sealed class TlsPortalFactory() : TlsPortalFactoryOn(DatabaseProvider.Sqlite);

public sealed class TlsPostgresPortalFactory() : TlsPortalFactoryOn(DatabaseProvider.Postgres);

public sealed class TlsSqlServerPortalFactory() : TlsPortalFactoryOn(DatabaseProvider.SqlServer);
