namespace AdminPortal.SyncRules.Directory;

/// <summary>A user, group or contact of a tenant, cloud-only or synced from on premises.</summary>
public sealed class DirectoryObject
{
    private List<ProxyAddress> proxyAddresses = [];
    private List<QuarantinedValue> quarantine = [];
    private List<Guid> licenses = [];
    private string? userPrincipalName;

    public DirectoryObject(Guid id, Guid tenantId, ObjectType type, string displayName, DateTimeOffset created)
    {
        Id = id;
        TenantId = tenantId;
        Type = type;
        DisplayName = displayName;
        CreatedDateTime = created;
    }

    public Guid Id { get; }
    public Guid TenantId { get; }
    public ObjectType Type { get; }
    public DateTimeOffset CreatedDateTime { get; }
    public string DisplayName { get; set; }
    public string? UserPrincipalName
    {
        get => userPrincipalName;
        set { userPrincipalName = value; UpnNormalized = value is null ? null : DirectoryValue.Normalize(value); }
    }
    public string? MailNickname { get; set; }

    /// <summary>The UPN on premises as last exported (Graph's onPremisesUserPrincipalName); may differ from the cloud UPN.</summary>
    public string? OnPremisesUserPrincipalName { get; set; }
    public string? Mail { get; set; }

    /// <summary>Users and contacts are mail-enabled when they have a mail address; groups say so explicitly.</summary>
    public bool MailEnabled { get; set; }
    public string? ImmutableId { get; set; }
    public bool SyncEnabled { get; set; }
    public DateTimeOffset? LastSyncDateTime { get; set; }
    public string? DistinguishedName { get; set; }

    /// <summary>Fingerprint of the last on-premises export applied; an identical export is "unchanged".</summary>
    public string? SourceHash { get; set; }

    /// <summary>Optimistic concurrency: bumped on every write, checked by the store.</summary>
    public int Version { get; set; }

    /// <summary>Loaded from role assignments; a cloud admin is never matched.</summary>
    public bool HasAdminRole { get; set; }

    public IReadOnlyList<ProxyAddress> ProxyAddresses => proxyAddresses;
    public IReadOnlyList<QuarantinedValue> Quarantine => quarantine;
    public IReadOnlyList<Guid> AssignedLicenses => licenses;

    public bool IsLicensed => licenses.Count > 0;

    /// <summary>The primary SMTP address (the SMTP: proxy), lower-cased, or null.</summary>
    public string? PrimarySmtpNormalized =>
        proxyAddresses.FirstOrDefault(p => p.IsPrimarySmtp) is { Value: not null } p ? p.Normalized : null;

    public string? UpnNormalized { get; private set; }

    /// <summary>Can this object take part in soft matching at all? Non-mail-enabled groups never match.</summary>
    public bool CanSoftMatch => Type != ObjectType.Group || MailEnabled;

    /// <summary>
    /// True once proxy addresses, quarantine or licenses differ from what was loaded; a store rewrites those rows
    /// only then, so an update of a display name costs one row, not a dozen.
    /// </summary>
    public bool ChildrenChanged { get; private set; }

    public void SetProxyAddresses(IEnumerable<ProxyAddress> values) => Replace(ref proxyAddresses, values.ToList());
    public void SetQuarantine(IEnumerable<QuarantinedValue> values) => Replace(ref quarantine, values.ToList());
    public void SetLicenses(IEnumerable<Guid> skuIds) => Replace(ref licenses, skuIds.Distinct().ToList());

    public bool RemoveQuarantine(QuarantinedValue value) => ChildrenChanged |= quarantine.Remove(value);

    /// <summary>Marks the object as freshly loaded: nothing changed yet.</summary>
    public void MarkLoaded() => ChildrenChanged = false;

    private void Replace<T>(ref List<T> current, List<T> next)
    {
        if (!current.SequenceEqual(next)) ChildrenChanged = true;
        current = next;
    }

    /// <summary>A deep copy, so that a plan can change objects without touching what was loaded.</summary>
    public DirectoryObject Clone()
    {
        var copy = (DirectoryObject)MemberwiseClone();
        copy.proxyAddresses = [.. proxyAddresses];
        copy.quarantine = [.. quarantine];
        copy.licenses = [.. licenses];
        return copy;
    }
}
