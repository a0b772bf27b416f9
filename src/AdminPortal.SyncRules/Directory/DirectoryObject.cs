namespace AdminPortal.SyncRules.Directory;

/// <summary>
/// A user, group or contact of a tenant, cloud-only or synced from on premises. It changes only through methods named
/// for what happens (an export applied, a cloud change, a value restored, an anchor taken), each guarding the rules
/// that belong to it; a store gives it back with <see cref="Restore"/>.
/// </summary>
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
    public string DisplayName { get; private set; }
    public string? UserPrincipalName
    {
        get => userPrincipalName;
        private set { userPrincipalName = value; UpnNormalized = value is null ? null : DirectoryValue.Normalize(value); }
    }
    public string? MailNickname { get; private set; }

    /// <summary>The UPN on premises as last exported (Graph's onPremisesUserPrincipalName); may differ from the cloud UPN.</summary>
    public string? OnPremisesUserPrincipalName { get; private set; }
    public string? Mail { get; private set; }

    /// <summary>Users and contacts are mail-enabled when they have a mail address; groups say so explicitly.</summary>
    public bool MailEnabled { get; private set; }
    public string? ImmutableId { get; private set; }
    public bool SyncEnabled { get; private set; }

    /// <summary>
    /// Source of authority moved to the cloud (Graph's onPremisesSyncBehavior.isCloudManaged): a synced object an admin
    /// converted keeps its anchor, but is no longer synced — the cloud edits it, the sync client's exports are not
    /// applied to it, and a full export that leaves it out does not delete it — until authority is given back.
    /// </summary>
    public bool IsCloudManaged { get; private set; }

    /// <summary>Graph's onPremisesSyncEnabled: true while synced; false once synced and no longer (cloud-managed); null if never synced.</summary>
    public bool? OnPremisesSyncEnabled => SyncEnabled ? true : IsCloudManaged ? false : null;
    public DateTimeOffset? LastSyncDateTime { get; private set; }
    public string? DistinguishedName { get; private set; }

    /// <summary>Fingerprint of the last on-premises export applied; an identical export is "unchanged".</summary>
    public string? SourceHash { get; private set; }

    /// <summary>Optimistic concurrency: the version read, checked by the store and bumped by it on every write (<see cref="Saved"/>).</summary>
    public int Version { get; private set; }

    /// <summary>Loaded from role assignments; a cloud admin is never matched.</summary>
    public bool HasAdminRole { get; private set; }

    public IReadOnlyList<ProxyAddress> ProxyAddresses => proxyAddresses;
    public IReadOnlyList<QuarantinedValue> Quarantine => quarantine;
    public IReadOnlyList<Guid> AssignedLicenses => licenses;

    public bool IsLicensed => licenses.Count > 0;

    /// <summary>The primary SMTP address (the SMTP: proxy), lower-cased, or null.</summary>
    public string? PrimarySmtpNormalized =>
        proxyAddresses.FirstOrDefault(p => p.IsPrimarySmtp) is { Value: not null } p ? p.Normalized : null;

    public string? UpnNormalized { get; private set; }

    /// <summary>Its UPN (normalized) while that is the placeholder its quarantined UPN was replaced with, else null.</summary>
    public string? HeldPlaceholder =>
        quarantine.FirstOrDefault(q => q.Property == ConflictProperty.UserPrincipalName)?.Placeholder is { } placeholder
        && DirectoryValue.Normalize(placeholder) == UpnNormalized ? UpnNormalized : null;

    /// <summary>Can this object take part in soft matching at all? Non-mail-enabled groups never match.</summary>
    public bool CanSoftMatch => Type != ObjectType.Group || MailEnabled;

    /// <summary>
    /// True once proxy addresses, quarantine or licenses differ from what was loaded; a store rewrites those rows
    /// only then, so an update of a display name costs one row, not a dozen.
    /// </summary>
    public bool ChildrenChanged { get; private set; }

    /// <summary>
    /// True once the normalized UPN or the source anchor — each unique in a tenant — differ from what the store holds
    /// (as loaded or last written): the store releases them first, so that another object of the same write can take
    /// them. An object keeping both (a new display name) is claimed and updated in one statement.
    /// </summary>
    public bool KeysChanged => storedKeys != (UpnNormalized, ImmutableId);

    private (string? Upn, string? Anchor) storedKeys;

    public void SetProxyAddresses(IEnumerable<ProxyAddress> values) => Replace(ref proxyAddresses, values.ToList());
    public void SetQuarantine(IEnumerable<QuarantinedValue> values) => Replace(ref quarantine, values.ToList());

    /// <summary>A new cloud-only object, as an admin creates it through Graph (values checked by CloudObjectRules and the uniqueness rule first).</summary>
    public static DirectoryObject CreateCloud(Guid id, Guid tenantId, Cloud.NewCloudObject request, IReadOnlyList<ProxyAddress> proxies, DateTimeOffset now)
    {
        var o = new DirectoryObject(id, tenantId, request.Type, request.DisplayName, now)
        {
            UserPrincipalName = request.UserPrincipalName, Mail = request.Mail, MailNickname = request.MailNickname,
            MailEnabled = request.Type == ObjectType.Group ? request.MailEnabled : proxies.Count > 0, ImmutableId = request.OnPremisesImmutableId,
        };
        o.SetProxyAddresses(proxies);
        return o;
    }

    /// <summary>
    /// An object of a real tenant as Microsoft Graph listed it (CloudImportService), taken as it is there: synced with its
    /// immutable id, or cloud-only; so a what-if can run against that tenant's cloud side.
    /// </summary>
    public static DirectoryObject Import(Guid id, Guid tenantId, ObjectType type, string displayName, DateTimeOffset created, StoredState state) =>
        Restore(id, tenantId, type, displayName, created, state with { Version = 0 });

    /// <summary>The state a store kept, given back exactly: how an object is loaded, never how it changes.</summary>
    public static DirectoryObject Restore(Guid id, Guid tenantId, ObjectType type, string displayName, DateTimeOffset created, StoredState state)
    {
        var o = new DirectoryObject(id, tenantId, type, displayName, created)
        {
            UserPrincipalName = state.UserPrincipalName, MailNickname = state.MailNickname, OnPremisesUserPrincipalName = state.OnPremisesUserPrincipalName,
            Mail = state.Mail, MailEnabled = state.MailEnabled, ImmutableId = state.ImmutableId, SyncEnabled = state.SyncEnabled,
            LastSyncDateTime = state.LastSyncDateTime, DistinguishedName = state.DistinguishedName, SourceHash = state.SourceHash,
            Version = state.Version, HasAdminRole = state.HasAdminRole, IsCloudManaged = state.IsCloudManaged,
        };
        o.SetProxyAddresses(state.ProxyAddresses ?? []);
        o.SetQuarantine(state.Quarantine ?? []);
        o.licenses = (state.Licenses ?? []).Distinct().ToList();
        o.MarkLoaded();
        return o;
    }

    /// <summary>
    /// The on-premises attributes of an export, applied as the sync client sent them: from now on the object is synced,
    /// bound to the export's source anchor. The UPN, addresses and quarantine are the engine's decision (<see cref="TakeUpn"/>).
    /// </summary>
    public void ApplyExport(Sync.ExportedObject incoming, DateTimeOffset now)
    {
        DisplayName = incoming.DisplayName;
        MailNickname = incoming.MailNickname;
        OnPremisesUserPrincipalName = incoming.UserPrincipalName;
        Mail = incoming.Mail;
        MailEnabled = incoming.MailEnabled;
        DistinguishedName = incoming.DistinguishedName;
        ImmutableId = incoming.SourceAnchor;
        SyncEnabled = true;
        LastSyncDateTime = now;
        SourceHash = incoming.ComputeSourceHash();
    }

    /// <summary>
    /// Moves source of authority to the cloud: only an object the sync client masters can be converted. It stays bound
    /// to its anchor, so the sync client's exports still find it — and are not applied.
    /// </summary>
    public void ConvertToCloudManaged()
    {
        if (IsCloudManaged) return;
        if (!SyncEnabled)
            throw new DomainException("NotSynced", $"{DisplayName} is a cloud object already: only an object synced from on premises can be converted to cloud management.");
        (IsCloudManaged, SyncEnabled) = (true, false);
    }

    /// <summary>
    /// Gives source of authority back to the sync client: the object is synced again, and the last export's fingerprint
    /// is forgotten so the client's next export is applied in full over what the cloud changed meanwhile.
    /// </summary>
    public void ReturnToSyncClient()
    {
        if (!IsCloudManaged) return;
        if (ImmutableId is null)
            throw new DomainException("NoSourceAnchor", $"{DisplayName} has no onPremisesImmutableId any more (an admin cleared it): no sync client's object is bound to it to take it back.");
        (IsCloudManaged, SyncEnabled, SourceHash) = (false, true, null);
    }

    /// <summary>
    /// An export of this cloud-managed object, not applied: its fingerprint is kept, so the same export again is not
    /// recorded again; true when it differs from the last one seen.
    /// </summary>
    public bool NoteExportNotApplied(Sync.ExportedObject incoming)
    {
        if (!IsCloudManaged) throw new InvalidOperationException($"{Id} is not cloud-managed; its exports apply.");
        var hash = incoming.ComputeSourceHash();
        if (hash == SourceHash) return false;
        SourceHash = hash;
        return true;
    }

    /// <summary>The cloud UPN the engine decided on: the exported one, its MOERA, or a placeholder while it is quarantined.</summary>
    public void TakeUpn(string upn) => UserPrincipalName = upn;

    /// <summary>
    /// Refuses a cloud change of what the sync client owns: an object mastered on premises keeps its synced attributes
    /// read-only from the cloud, and only users have a UPN.
    /// </summary>
    public void EnsureCloudChangeAllowed(Cloud.CloudObjectPatch patch)
    {
        var touched = patch.SyncedAttributes().ToList();
        if (SyncEnabled && touched.Count > 0)
            throw new DomainException("SyncedAttributeReadOnly",
                $"Unable to update the specified properties for on-premises mastered Directory Sync objects: {string.Join(", ", touched)}. Change them on premises.");
        if (patch.UserPrincipalName is not null && Type != ObjectType.User)
            throw new DomainException("InvalidUserPrincipalName", "Only users have a userPrincipalName.");
    }

    /// <summary>An admin's change through Graph, with the addresses it leaves (their uniqueness checked by the caller).</summary>
    public void ApplyCloudChange(Cloud.CloudObjectPatch patch, IReadOnlyList<ProxyAddress> proxies)
    {
        EnsureCloudChangeAllowed(patch);
        if (patch.DisplayName is not null) DisplayName = patch.DisplayName;
        if (patch.UserPrincipalName is not null) UserPrincipalName = patch.UserPrincipalName;
        if (patch.Mail is not null) Mail = patch.Mail;
        if (patch.MailNickname is not null) MailNickname = patch.MailNickname;
        if (patch.OnPremisesImmutableId is not null) ImmutableId = patch.OnPremisesImmutableId;
        if (patch.ClearOnPremisesImmutableId) ImmutableId = null;
        SetProxyAddresses(proxies);
        if (Type != ObjectType.Group) MailEnabled = proxies.Count > 0;
    }

    /// <summary>Licenses assigned and removed (Graph's assignLicense).</summary>
    public void AssignLicenses(IEnumerable<Guid> add, IEnumerable<Guid> remove) =>
        Replace(ref licenses, licenses.Except(remove).Concat(add).Distinct().ToList());

    /// <summary>Fix-up: the quarantined value, free again, goes back to this object (a placeholder UPN gives way to it).</summary>
    public void RestoreQuarantined(QuarantinedValue value)
    {
        RequireQuarantined(value);
        SetQuarantine(quarantine.Where(q => q != value));
        if (value.Property == ConflictProperty.UserPrincipalName) UserPrincipalName = value.Value;
        else SetProxyAddresses(proxyAddresses.Append(new ProxyAddress(value.Value)));
    }

    /// <summary>An operator's note that the quarantined value is to be fixed on premises.</summary>
    public void NoteFixAtSource(QuarantinedValue value, string note, string actor)
    {
        RequireQuarantined(value);
        SetQuarantine(quarantine.Select(q => q == value ? q with { FixAtSourceNote = note, NotedBy = actor } : q));
    }

    /// <summary>A caller's mistake, not an admin's: the value must be one this object holds in quarantine.</summary>
    private void RequireQuarantined(QuarantinedValue value)
    {
        if (!quarantine.Contains(value)) throw new InvalidOperationException($"{value.Property} '{value.Value}' is not quarantined on {Id}.");
    }

    /// <summary>
    /// The orphaned-object fix: this object takes the anchor its re-created on-premises object came back with, and
    /// forgets the last export's fingerprint so the next sync applies the on-premises attributes in full.
    /// </summary>
    public void TakeAnchorFrom(DirectoryObject duplicate)
    {
        if (!Conflicts.ConflictRules.IsOrphan(this, duplicate))
            throw new DomainException("NotAnOrphan", "The orphaned-object fix needs two synced objects of the same type, the duplicate carrying an anchor.");
        ImmutableId = duplicate.ImmutableId;
        SourceHash = null;
    }

    /// <summary>Everything <see cref="Restore"/> takes, as the object holds it now.</summary>
    public StoredState ToStoredState() => new()
    {
        UserPrincipalName = UserPrincipalName, MailNickname = MailNickname, OnPremisesUserPrincipalName = OnPremisesUserPrincipalName, Mail = Mail,
        MailEnabled = MailEnabled, ImmutableId = ImmutableId, SyncEnabled = SyncEnabled, LastSyncDateTime = LastSyncDateTime,
        DistinguishedName = DistinguishedName, SourceHash = SourceHash, Version = Version, HasAdminRole = HasAdminRole, IsCloudManaged = IsCloudManaged,
        ProxyAddresses = [.. proxyAddresses], Quarantine = [.. quarantine], Licenses = [.. licenses],
    };

    /// <summary>The store wrote this object: its version moved on with the row's.</summary>
    public void Saved()
    {
        Version++;
        storedKeys = (UpnNormalized, ImmutableId);
    }

    /// <summary>Marks the object as freshly loaded: nothing changed yet.</summary>
    public void MarkLoaded()
    {
        ChildrenChanged = false;
        storedKeys = (UpnNormalized, ImmutableId);
    }

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

/// <summary>An object's attributes as a store kept them (<see cref="DirectoryObject.Restore"/>).</summary>
public sealed record StoredState
{
    public string? UserPrincipalName { get; init; }
    public string? MailNickname { get; init; }
    public string? OnPremisesUserPrincipalName { get; init; }
    public string? Mail { get; init; }
    public bool MailEnabled { get; init; }
    public string? ImmutableId { get; init; }
    public bool SyncEnabled { get; init; }
    public DateTimeOffset? LastSyncDateTime { get; init; }
    public string? DistinguishedName { get; init; }
    public string? SourceHash { get; init; }
    public int Version { get; init; }
    public bool HasAdminRole { get; init; }
    public bool IsCloudManaged { get; init; }
    public IEnumerable<ProxyAddress>? ProxyAddresses { get; init; }
    public IEnumerable<QuarantinedValue>? Quarantine { get; init; }
    public IEnumerable<Guid>? Licenses { get; init; }
}
