using System.Buffers.Binary;
using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace AdminPortal.ActiveDirectory.Ldap;

/// <summary>
/// A PEM file of CA certificates made into the folder OpenLDAP's libldap trusts on Linux (TLS_CACERTDIR, the only trust
/// setting System.DirectoryServices.Protocols passes on there): each certificate under OpenSSL's subject-hash name
/// (<c>&lt;hash&gt;.0</c>), as <c>openssl rehash</c> names it, which a libldap built on OpenSSL looks up and one built on
/// GnuTLS (Debian's) reads whole. The folder is named after the file's content, so a changed file is a new folder.
/// </summary>
public static class TrustedCertificates
{
    /// <summary>The folder for the PEM file, made if it is not there yet; a file without a certificate is refused in one line.</summary>
    public static string FolderFor(string pemFile)
    {
        byte[] pem;
        try { pem = File.ReadAllBytes(pemFile); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DirectoryUnavailableException($"The trusted certificate file '{pemFile}' cannot be read: {e.Message}");
        }
        var certificates = new X509Certificate2Collection();
        try { certificates.ImportFromPem(Encoding.ASCII.GetString(pem)); }
        catch (CryptographicException e) { throw new DirectoryUnavailableException($"The trusted certificate file '{pemFile}' is not PEM: {e.Message}"); }
        if (certificates.Count == 0) throw new DirectoryUnavailableException($"The trusted certificate file '{pemFile}' holds no certificate (-----BEGIN CERTIFICATE-----).");

        var folder = Path.Combine(Path.GetTempPath(), "adminportal-trust-" + Convert.ToHexStringLower(SHA256.HashData(pem))[..16]);
        Directory.CreateDirectory(folder);
        var names = new Dictionary<uint, int>();
        foreach (var certificate in certificates)
        {
            var hash = SubjectHash(certificate.SubjectName);
            names[hash] = names.GetValueOrDefault(hash) + 1;
            var path = Path.Combine(folder, $"{hash:x8}.{names[hash] - 1}");
            if (File.Exists(path)) continue;
            // Written aside and moved in, so a reader never meets half a file.
            var partial = path + "." + Guid.NewGuid().ToString("N");
            File.WriteAllText(partial, certificate.ExportCertificatePem() + "\n");
            File.Move(partial, path, overwrite: true);
        }
        return folder;
    }

    /// <summary>
    /// OpenSSL's subject name hash (X509_NAME_hash): the first four bytes, little-endian, of the SHA-1 of the name's
    /// canonical encoding — each string value as UTF-8, ASCII letters in lower case, white space trimmed and runs of it
    /// made one space — of its RDN sets, without the outer SEQUENCE.
    /// </summary>
    public static uint SubjectHash(X500DistinguishedName name)
    {
        var rdns = new AsnReader(name.RawData, AsnEncodingRules.DER).ReadSequence();
        var canonical = new AsnWriter(AsnEncodingRules.DER);
        while (rdns.HasData)
        {
            var set = rdns.ReadSetOf();
            using (canonical.PushSetOf())
                while (set.HasData)
                {
                    var attribute = set.ReadSequence();
                    using (canonical.PushSequence())
                    {
                        canonical.WriteObjectIdentifier(attribute.ReadObjectIdentifier());
                        var tag = attribute.PeekTag();
                        if (tag.TagClass == TagClass.Universal && IsString((UniversalTagNumber)tag.TagValue))
                            canonical.WriteCharacterString(UniversalTagNumber.UTF8String, Canonical(attribute.ReadCharacterString((UniversalTagNumber)tag.TagValue)));
                        else canonical.WriteEncodedValue(attribute.ReadEncodedValue().Span);
                    }
                }
        }
        return BinaryPrimitives.ReadUInt32LittleEndian(SHA1.HashData(canonical.Encode()));
    }

    // The string types OpenSSL canonicalizes (ASN1_MASK_CANON); any other value is hashed as it is encoded.
    private static bool IsString(UniversalTagNumber tag) => tag is UniversalTagNumber.UTF8String or UniversalTagNumber.BMPString
        or UniversalTagNumber.UniversalString or UniversalTagNumber.PrintableString or UniversalTagNumber.T61String
        or UniversalTagNumber.IA5String or UniversalTagNumber.VisibleString;

    private static string Canonical(string value)
    {
        var text = new StringBuilder(value.Length);
        var space = false;
        foreach (var c in value.AsSpan().Trim(" \t\n\v\f\r"))
        {
            if (c is ' ' or '\t' or '\n' or '\v' or '\f' or '\r') { space = true; continue; }
            if (space) text.Append(' ');
            space = false;
            text.Append(char.IsAscii(c) ? char.ToLowerInvariant(c) : c);
        }
        return text.ToString();
    }
}
