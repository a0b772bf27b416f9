using System.DirectoryServices.Protocols;
using System.Net;
using System.Runtime.Versioning;
using AdminPortal.SyncRules;

namespace AdminPortal.ActiveDirectory.Ldap;

/// <summary>
/// How to reach a directory: <c>ldaps://host:636</c> (or <c>ldap://host:389</c>, upgraded with StartTLS; plain only with AllowUnencrypted), a
/// user and password for a simple bind, the base DN to read under, an optional LDAP filter ANDed to the object
/// filter (as Connect's OU and attribute filtering scopes what syncs), and a PEM file of CA certificates to trust
/// besides the system's (on Linux; on Windows the machine's store is the trust).
/// </summary>
public sealed record DirectoryConnection(Uri Url, string User, string Password, string BaseDn, string? TrustedCertificate = null,
    string? Filter = null, bool AllowUnencrypted = false);

/// <summary>
/// A domain controller's position in its own history: which controller (its invocationId, new after a restore from
/// backup too) and its highest update sequence number. A watermark is only meaningful against the same invocationId.
/// </summary>
public sealed record DirectoryPosition(Guid InvocationId, long Usn, string NamingContext);

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

    /// <summary>
    /// Connects and binds, or says in one line why not (nothing is read): ldaps:// is TLS from the first byte; ldap://
    /// is upgraded with StartTLS before the password is sent, or — only when AllowUnencrypted is set — left plain.
    /// Either way the server's certificate is verified.
    /// </summary>
    public static LdapDirectory Connect(DirectoryConnection settings)
    {
        var secure = settings.Url.Scheme.Equals("ldaps", StringComparison.OrdinalIgnoreCase);
        if (!secure && !settings.Url.Scheme.Equals("ldap", StringComparison.OrdinalIgnoreCase))
            throw new DirectoryUnavailableException($"'{settings.Url}' is not an LDAP address: use ldaps://host:636 (or ldap://host:389, upgraded with StartTLS).");
        var port = settings.Url.IsDefaultPort || settings.Url.Port < 0 ? (secure ? 636 : 389) : settings.Url.Port;
        var connection = new LdapConnection(new LdapDirectoryIdentifier(settings.Url.Host, port), new NetworkCredential(settings.User, settings.Password), AuthType.Basic)
        {
            Timeout = TimeSpan.FromSeconds(30),
        };
        try
        {
            connection.SessionOptions.ProtocolVersion = 3;
            connection.SessionOptions.ReferralChasing = ReferralChasingOptions.None;
            if (secure) connection.SessionOptions.SecureSocketLayer = true;
            if (!OperatingSystem.IsWindows() && settings.TrustedCertificate is { } trusted)
            {
                // libldap reads the CA folder when a TLS context is made: a new one, after the folder is set.
                connection.SessionOptions.TrustedCertificatesDirectory = TrustedCertificates.FolderFor(trusted);
                connection.SessionOptions.StartNewTlsSessionContext();
            }
            if (!secure && !settings.AllowUnencrypted) StartTls(connection, settings);
            connection.Bind();
            return new LdapDirectory(connection, settings);
        }
        catch (Exception e) when (e is LdapException or DirectoryOperationException)
        {
            connection.Dispose();
            throw new DirectoryUnavailableException(Describe(e, settings), e);
        }
    }

    /// <summary>The StartTLS extended operation on a plain connection, before any bind: a server that refuses it is refused.</summary>
    private static void StartTls(LdapConnection connection, DirectoryConnection settings)
    {
        try
        {
            // On Linux the connection is only opened by the first request (dotnet/runtime#56619): an anonymous read of the
            // root DSE opens it, with AutoBind off so that no password goes out before TLS is up.
            connection.AutoBind = false;
            connection.SendRequest(new SearchRequest("", "(objectClass=*)", SearchScope.Base, "supportedExtension"));
            connection.SessionOptions.StartTransportLayerSecurity(null);
            connection.AutoBind = true;
        }
        catch (Exception e) when (e is LdapException or DirectoryOperationException or TlsOperationException)
        {
            throw new DirectoryUnavailableException($"{settings.Url} did not upgrade to TLS with StartTLS ({e.Message}): its certificate is not trusted, or it does not offer " +
                "StartTLS. Use ldaps://, or allow plain LDAP explicitly (AllowUnencrypted: passwords and the directory would cross the network unencrypted).", e);
        }
    }

    /// <summary>
    /// Users, groups and contacts under the base DN (and the filter), <paramref name="pageSize"/> an answer; with
    /// <paramref name="changedAfter"/>, only those changed since that update sequence number.
    /// </summary>
    public IEnumerable<DirectoryEntry> ReadObjects(int pageSize = 500, long? changedAfter = null)
    {
        var scoped = settings.Filter is { Length: > 0 } scope ? $"(&{Objects}{(scope.StartsWith('(') ? scope : $"({scope})")})" : Objects;
        var number = 0;
        var builder = new DirectoryEntry.Builder();
        foreach (var entry in Search(settings.BaseDn, ChangedSince(scoped, changedAfter), [.. EntryMapping.AttributesRead], pageSize))
            yield return EntryOf(entry, ++number, builder);
    }

    /// <summary>
    /// Where the directory stands: the controller's identity and its highest update sequence number. Read before a
    /// cycle reads objects, so that whatever changes while it reads is read again by the next one.
    /// </summary>
    public DirectoryPosition ReadPosition()
    {
        var root = SearchOne("", "(objectClass=*)", "highestCommittedUSN", "dsServiceName", "defaultNamingContext");
        var service = Text(root, "dsServiceName");
        var invocation = SearchOne(service, "(objectClass=*)", "invocationId");
        var id = Bytes(invocation, "invocationId");
        if (!long.TryParse(Text(root, "highestCommittedUSN"), out var usn) || id is not { Length: 16 })
            throw new DirectoryUnavailableException($"{settings.Url} did not say its highestCommittedUSN and invocationId: it does not look like an Active Directory domain controller.");
        return new DirectoryPosition(new Guid(id), usn, Text(root, "defaultNamingContext"));
    }

    /// <summary>
    /// The objectGUIDs of the users, groups and contacts anywhere in the domain changed since <paramref name="after"/>,
    /// in scope or not: what moved out of the base DN or the filter is among them.
    /// </summary>
    public IEnumerable<Guid> ReadChangedAnywhere(DirectoryPosition position, long after) =>
        Search(position.NamingContext, ChangedSince(Objects, after), ["objectGUID"], 500).Select(GuidOf);

    /// <summary>The objectGUIDs of the objects deleted since <paramref name="after"/> (their tombstones, through the Show Deleted control).</summary>
    public IEnumerable<Guid> ReadDeleted(DirectoryPosition position, long after) =>
        Search(position.NamingContext, ChangedSince("(isDeleted=TRUE)", after), ["objectGUID"], 500, new ShowDeletedControl()).Select(GuidOf);

    private static string ChangedSince(string filter, long? after) => after is { } usn ? $"(&{filter}(uSNChanged>={usn + 1}))" : filter;

    private static Guid GuidOf(SearchResultEntry entry) =>
        Bytes(entry, "objectGUID") is { Length: 16 } bytes ? new Guid(bytes)
            : throw new DirectoryUnavailableException($"The directory answered {entry.DistinguishedName} without its objectGUID.");

    private static string Text(SearchResultEntry entry, string attribute) =>
        entry.Attributes[attribute]?.GetValues(typeof(string)).Cast<string>().FirstOrDefault() ?? "";

    private static byte[]? Bytes(SearchResultEntry entry, string attribute) =>
        entry.Attributes[attribute]?.GetValues(typeof(byte[])).Cast<byte[]>().FirstOrDefault();

    private SearchResultEntry SearchOne(string dn, string filter, params string[] attributes)
    {
        var response = Send(new SearchRequest(dn, filter, SearchScope.Base, attributes));
        return response.Entries.Count == 1 ? response.Entries[0]
            : throw new DirectoryUnavailableException($"{settings.Url} did not answer a read of '{dn}'.");
    }

    /// <summary>A paged search, page after page as the caller reads.</summary>
    private IEnumerable<SearchResultEntry> Search(string baseDn, string filter, string[] attributes, int pageSize, params DirectoryControl[] controls)
    {
        var request = new SearchRequest(baseDn, filter, SearchScope.Subtree, attributes);
        var paging = new PageResultRequestControl(pageSize);
        request.Controls.Add(paging);
        request.Controls.AddRange(controls);
        while (true)
        {
            var response = Send(request);
            foreach (SearchResultEntry entry in response.Entries) yield return entry;
            var cookie = response.Controls.OfType<PageResultResponseControl>().FirstOrDefault()?.Cookie;
            if (cookie is not { Length: > 0 }) yield break;
            paging.Cookie = cookie;
        }
    }

    private SearchResponse Send(SearchRequest request)
    {
        try { return (SearchResponse)connection.SendRequest(request); }
        catch (Exception e) when (e is LdapException or DirectoryOperationException) { throw new DirectoryUnavailableException(Describe(e, settings), e); }
    }

    /// <summary>An LDAP answer's entry as the mapping reads entries: every value as the directory's bytes.</summary>
    private static DirectoryEntry EntryOf(SearchResultEntry entry, int number, DirectoryEntry.Builder builder)
    {
        foreach (DirectoryAttribute attribute in entry.Attributes.Values)
            foreach (var bytes in attribute.GetValues(typeof(byte[])).Cast<byte[]>()) builder.Add(attribute.Name, new EntryValue(bytes));
        return builder.Build(entry.DistinguishedName, number);
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
