using System.DirectoryServices.Protocols;
using System.Net;
using System.Runtime.Versioning;
using AdminPortal.SyncRules;

namespace AdminPortal.ActiveDirectory.Ldap;

/// <summary>
/// How to reach a directory: <c>ldaps://host:636</c> (or <c>ldap://host:389</c>, refused unless AllowUnencrypted), a
/// user and password for a simple bind, the base DN to read under, an optional LDAP filter ANDed to the object
/// filter (as Connect's OU and attribute filtering scopes what syncs), and a PEM file of CA certificates to trust
/// besides the system's (on Linux; on Windows the machine's store is the trust).
/// </summary>
public sealed record DirectoryConnection(Uri Url, string User, string Password, string BaseDn, string? TrustedCertificate = null,
    string? Filter = null, bool AllowUnencrypted = false);

/// <summary>The directory could not be read: unreachable, refused the credentials, or its certificate is not trusted. One line.</summary>
public sealed class DirectoryUnavailableException(string message, Exception? inner = null) : DomainException("DirectoryUnavailable", message, RefusalKind.Conflict)
{
    public Exception? Cause { get; } = inner;
}

/// <summary>
/// Active Directory read over LDAP (System.DirectoryServices.Protocols; OpenLDAP's libldap on Linux): users, groups and
/// contacts under the base DN, in pages, each as a <see cref="DirectoryEntry"/> with the attributes the mapping and
/// the checks read — the same entries an export file gives, for the same <see cref="EntryMapping"/>.
/// </summary>
[UnsupportedOSPlatform("browser")]
public sealed class LdapDirectory : IDisposable
{
    private const string Objects = "(|(&(objectClass=user)(!(objectClass=computer)))(objectClass=group)(objectClass=contact))";
    private readonly LdapConnection connection;
    private readonly DirectoryConnection settings;

    private LdapDirectory(LdapConnection connection, DirectoryConnection settings) => (this.connection, this.settings) = (connection, settings);

    /// <summary>Connects and binds, or says in one line why not (nothing is read).</summary>
    public static LdapDirectory Connect(DirectoryConnection settings)
    {
        var secure = settings.Url.Scheme.Equals("ldaps", StringComparison.OrdinalIgnoreCase);
        if (!secure && !settings.Url.Scheme.Equals("ldap", StringComparison.OrdinalIgnoreCase))
            throw new DirectoryUnavailableException($"'{settings.Url}' is not an LDAP address: use ldaps://host:636 (or ldap://host:389).");
        if (!secure && !settings.AllowUnencrypted)
            throw new DirectoryUnavailableException($"'{settings.Url}' is plain LDAP: passwords and the directory would cross the network unencrypted. Use ldaps://, or allow it explicitly.");
        var port = settings.Url.IsDefaultPort || settings.Url.Port < 0 ? (secure ? 636 : 389) : settings.Url.Port;
        var connection = new LdapConnection(new LdapDirectoryIdentifier(settings.Url.Host, port), new NetworkCredential(settings.User, settings.Password), AuthType.Basic)
        {
            Timeout = TimeSpan.FromSeconds(30),
        };
        try
        {
            connection.SessionOptions.ProtocolVersion = 3;
            connection.SessionOptions.ReferralChasing = ReferralChasingOptions.None;
            if (secure)
            {
                connection.SessionOptions.SecureSocketLayer = true;
                if (!OperatingSystem.IsWindows() && settings.TrustedCertificate is { } trusted)
                {
                    connection.SessionOptions.TrustedCertificatesDirectory = TrustedCertificates.FolderFor(trusted);
                    connection.SessionOptions.StartNewTlsSessionContext();
                }
            }
            connection.Bind();
            return new LdapDirectory(connection, settings);
        }
        catch (Exception e) when (e is LdapException or DirectoryOperationException)
        {
            connection.Dispose();
            throw new DirectoryUnavailableException(Describe(e, settings), e);
        }
    }

    /// <summary>Users, groups and contacts under the base DN (and the filter), <paramref name="pageSize"/> an answer.</summary>
    public IEnumerable<DirectoryEntry> ReadObjects(int pageSize = 500)
    {
        var filter = settings.Filter is { Length: > 0 } scope ? $"(&{Objects}{(scope.StartsWith('(') ? scope : $"({scope})")})" : Objects;
        var request = new SearchRequest(settings.BaseDn, filter, SearchScope.Subtree, [.. EntryMapping.AttributesRead]);
        var paging = new PageResultRequestControl(pageSize);
        request.Controls.Add(paging);
        var number = 0;
        while (true)
        {
            SearchResponse response;
            try { response = (SearchResponse)connection.SendRequest(request); }
            catch (Exception e) when (e is LdapException or DirectoryOperationException) { throw new DirectoryUnavailableException(Describe(e, settings), e); }
            foreach (SearchResultEntry entry in response.Entries) yield return EntryOf(entry, ++number);
            var cookie = response.Controls.OfType<PageResultResponseControl>().FirstOrDefault()?.Cookie;
            if (cookie is not { Length: > 0 }) yield break;
            paging.Cookie = cookie;
        }
    }

    /// <summary>An LDAP answer's entry as the mapping reads entries: every value as the directory's bytes.</summary>
    private static DirectoryEntry EntryOf(SearchResultEntry entry, int number)
    {
        var attributes = new Dictionary<string, IReadOnlyList<EntryValue>>(StringComparer.OrdinalIgnoreCase);
        foreach (DirectoryAttribute attribute in entry.Attributes.Values)
            attributes[attribute.Name] = attribute.GetValues(typeof(byte[])).Cast<byte[]>().Select(b => new EntryValue(b)).ToList();
        return new DirectoryEntry(entry.DistinguishedName, number, attributes);
    }

    private static string Describe(Exception e, DirectoryConnection settings) => e switch
    {
        LdapException { ErrorCode: 49 } => $"{settings.Url} refused the credentials of '{settings.User}' (invalid credentials).",
        LdapException { ErrorCode: 81 } => $"{settings.Url} cannot be reached, or its certificate is not trusted (the server is down, or TLS failed: {e.Message}).",
        DirectoryOperationException d => $"{settings.Url} refused the search under '{settings.BaseDn}': {d.Response?.ErrorMessage ?? d.Message}",
        _ => $"{settings.Url}: {e.Message}",
    };

    public void Dispose() => connection.Dispose();
}
