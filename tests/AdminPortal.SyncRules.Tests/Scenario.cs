using Microsoft.Extensions.Logging.Abstractions;
using AdminPortal.SyncRules.Directory;
using AdminPortal.SyncRules.Features;
using AdminPortal.SyncRules.Fixup;
using AdminPortal.SyncRules.Sync;
using AdminPortal.SyncRules.Tenants;
using AdminPortal.SyncRules.Uniqueness;

namespace AdminPortal.SyncRules.Tests;

/// <summary>A tenant in memory with the real services over it, and short ways to say what a scenario needs.</summary>
public sealed class Scenario
{
    public static readonly DateTimeOffset ModernTenant = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset TenantOf2015 = new(2015, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public InMemoryStore Store { get; } = new();
    public InMemoryRunStore Runs { get; }
    public Tenant Tenant { get; }
    public FixedClock Clock { get; } = new(new DateTimeOffset(2026, 11, 1, 8, 0, 0, TimeSpan.Zero));
    private readonly SyncService sync;
    private readonly FixupService fixup;

    public Scenario(DateTimeOffset? created = null, bool federatedDomainChangeAllowed = true, params DirSyncFeature[] enable)
    {
        Runs = new InMemoryRunStore(Store);
        var c = created ?? ModernTenant;
        Tenant = new Tenant(Guid.NewGuid(), "Contoso", "contoso.onmicrosoft.com", c,
            [new("contoso.com", DomainAuthentication.Managed), new("fabrikam.com", DomainAuthentication.Federated),
             new("northwind.com", DomainAuthentication.Federated)],
            FeatureSet.DefaultsFor(c), AccidentalDeletionPrevention.Default, federatedDomainChangeAllowed);
        foreach (var f in enable) Tenant.Features.SetByAdmin(f, true, "test", Clock.GetUtcNow());
        Store.AddTenantAsync(Tenant, Audit.AuditEvent.Create(Tenant.Id, "test", "tenant.create", "t", null, null, Clock.GetUtcNow()), default).Wait();
        var locks = new TenantLocks();
        var engine = SyncEngine.CreateDefault(new SequenceDigits());
        var committer = new RunCommitter(Runs, Store, engine, locks, Clock, SyncRunLimits.Default, NullLogger<RunCommitter>.Instance);
        sync = new SyncService(Store, engine, new SyncRunService(Runs, Store, committer, Clock, SyncRunLimits.Default, NullLogger<SyncRunService>.Instance),
            Clock, NullLogger<SyncService>.Instance);
        fixup = new FixupService(Store, locks, Clock);
    }

    public static IncomingObject User(string anchor, string upn, string? smtp = null, params string[] secondary) => new()
    {
        ObjectType = "user", SourceAnchor = anchor, DisplayName = "User " + anchor, UserPrincipalName = upn,
        MailNickname = upn[..upn.IndexOf('@')], Mail = smtp,
        ProxyAddresses = (smtp is null ? Array.Empty<string>() : ["SMTP:" + smtp]).Concat(secondary.Select(s => "smtp:" + s)).ToArray(),
    };

    public static IncomingObject Group(string anchor, string? smtp, bool mailEnabled = true) => new()
    {
        ObjectType = "group", SourceAnchor = anchor, DisplayName = "Group " + anchor, MailEnabled = mailEnabled,
        ProxyAddresses = smtp is null ? [] : ["SMTP:" + smtp],
    };

    public static IncomingObject Contact(string anchor, string smtp) => new()
    {
        ObjectType = "contact", SourceAnchor = anchor, DisplayName = "Contact " + anchor, Mail = smtp, ProxyAddresses = ["SMTP:" + smtp],
    };

    public static IncomingObject Deleted(string anchor, string type = "user") => new() { ObjectType = type, SourceAnchor = anchor, IsDeleted = true };

    public BatchOutcome Sync(params IncomingObject[] objects) => SyncMode("delta", objects);

    public DryRunOutcome DryRun(string mode, params IncomingObject[] objects) =>
        sync.DryRunAsync(Tenant.Id, new SyncBatchRequest(mode, objects), "sync-client", default).GetAwaiter().GetResult();

    /// <summary>The same dry run given to the engine <paramref name="chunk"/> objects at a time, as a pre-flight gives it while reading.</summary>
    public DryRunOutcome DryRunInChunks(string mode, int chunk, params IncomingObject[] objects)
    {
        var batch = BatchValidator.Validate(new SyncBatchRequest(mode, objects));
        var dryRun = sync.BeginDryRunAsync(Tenant.Id, batch.Mode, "sync-client", default).GetAwaiter().GetResult();
        foreach (var part in batch.Objects.Chunk(chunk)) dryRun.DecideAsync(part, default).GetAwaiter().GetResult();
        return dryRun.End();
    }

    public BatchOutcome SyncMode(string mode, params IncomingObject[] objects) =>
        sync.ApplyBatchAsync(Tenant.Id, new SyncBatchRequest(mode, objects), "sync-client", default).GetAwaiter().GetResult();

    public ObjectResult SyncOne(IncomingObject o) => Sync(o).Results.Single();

    public IReadOnlyList<ReleasedValue> Fixup() => fixup.RunAsync(Tenant.Id, "test", default).GetAwaiter().GetResult();

    /// <summary>A cloud-only object, as an admin would create it through Graph.</summary>
    public DirectoryObject Cloud(ObjectType type, string name, string? upn = null, string? smtp = null, bool licensed = false,
        bool admin = false, string? immutableId = null, bool mailEnabled = true)
    {
        var o = DirectoryObject.Restore(Guid.NewGuid(), Tenant.Id, type, name, Clock.GetUtcNow(), new StoredState
        {
            UserPrincipalName = upn, Mail = smtp, MailEnabled = smtp is not null || (type == ObjectType.Group && mailEnabled),
            HasAdminRole = admin, ImmutableId = immutableId,
            ProxyAddresses = smtp is null ? [] : [ProxyAddress.PrimarySmtp(smtp)], Licenses = licensed ? [Guid.NewGuid()] : [],
        });
        Store.Objects[o.Id] = o;
        return o;
    }

    public DirectoryObject CloudUser(string upn, string? smtp = null, bool licensed = false, bool admin = false, string? immutableId = null) =>
        Cloud(ObjectType.User, "Cloud " + upn, upn, smtp, licensed, admin, immutableId);

    public DirectoryObject Object(Guid id) => Store.Objects[id];

    public DirectoryObject ByAnchor(string anchor) => Store.Objects.Values.Single(o => o.ImmutableId == anchor);

    public void License(Guid id) => Store.Objects[id].AssignLicenses([Guid.NewGuid()], []);
}

public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;
    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>Deterministic placeholder digits: 1000, 1001, ...</summary>
public sealed class SequenceDigits : IRandomDigits
{
    private int next = 1000;
    public int Next4Digits() => next++;
}
