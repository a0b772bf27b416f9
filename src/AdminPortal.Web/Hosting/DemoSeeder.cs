using System.Security.Cryptography;
using System.Text;
using AdminPortal.SyncRules.Cloud;
using AdminPortal.SyncRules.Directory;
using AdminPortal.SyncRules.Features;
using AdminPortal.SyncRules.Fixup;
using AdminPortal.SyncRules.Sync;
using AdminPortal.SyncRules.Tenants;

namespace AdminPortal.Web.Hosting;

/// <summary>
/// Fills an empty Development database with two demo tenants by running real cloud changes and real sync batches
/// through the real services, so every page opens on matches by each rule, quarantined conflicts, failed objects,
/// and features in each state. Nothing here is written to the store directly.
/// </summary>
public sealed class DemoSeeder(TenantService tenants, CloudDirectoryService cloud, SyncService sync, FeatureService features, FixupService fixup)
{
    public const string Actor = "demo-setup";
    private const string SyncClient = "AAD Connect (demo)";
    private const string GlobalAdministratorRole = "62e90394-69f5-4237-9190-012177145e10";

    private static readonly string[] People =
    [
        "Adele Vance", "Alex Wilber", "Allan Deyoung", "Bianca Pisani", "Brian Johnson", "Cameron White", "Christie Cline", "Debra Berger",
        "Delia Dennis", "Diego Siciliani", "Emily Braun", "Enrico Cattaneo", "Gerhart Moller", "Grady Archie", "Henrietta Mueller",
        "Irvin Sayers", "Isaiah Langer", "Johanna Lorenz", "Joni Sherman", "Jordan Miller", "Lee Gu", "Lidia Holloway", "Lynne Robbins",
        "Mallory Cortez", "Megan Bowen", "Miriam Graham", "Nestor Wilke", "Patti Fernandez", "Pradeep Gupta", "Raul Razo", "Sean Crane",
        "Tessa Cole", "Vera Kim", "Wanda Ruiz", "Xavier Boyd", "Yolanda Park", "Zach Hill",
    ];

    public async Task SeedAsync(CancellationToken ct)
    {
        if ((await tenants.ListAsync(ct)).Count > 0) return;
        await SeedContosoAsync(ct);
        await SeedFabrikamAsync(ct);
    }

    /// <summary>An older tenant: resiliency and UPN soft match off by default; an admin turns UPN resiliency on midway.</summary>
    private async Task SeedContosoAsync(CancellationToken ct)
    {
        var t = await tenants.CreateAsync(new NewTenant("Contoso", "contoso.onmicrosoft.com", new DateTimeOffset(2016, 3, 1, 0, 0, 0, TimeSpan.Zero),
            [new("contoso.com", "Managed"), new("fabrikam.com", "Federated")]), Actor, ct);
        var megan = await cloud.CreateAsync(t.Id, new(ObjectType.User, "Megan Bowen", "megan.bowen@contoso.onmicrosoft.com", "megan.bowen@contoso.com"), Actor, ct);
        await cloud.AssignLicensesAsync(t.Id, megan.Id, [Guid.Parse("6fd2c87f-b296-42f0-b197-1e91e994b900")], [], Actor, ct);
        var alex = await cloud.CreateAsync(t.Id, new(ObjectType.User, "Alex Wilber (cloud admin)", "alex.wilber@contoso.onmicrosoft.com", "alex.wilber@contoso.com"), Actor, ct);
        await cloud.AssignRoleAsync(t.Id, alex.Id, GlobalAdministratorRole, Actor, ct);
        await cloud.CreateAsync(t.Id, new(ObjectType.User, "Lee Gu (cloud)", "lee.gu@contoso.com"), Actor, ct);
        await cloud.CreateAsync(t.Id, new(ObjectType.User, "Adele Vance (cloud)", "adele.vance@contoso.onmicrosoft.com", OnPremisesImmutableId: Anchor("Adele Vance")), Actor, ct);
        await cloud.CreateAsync(t.Id, new(ObjectType.Group, "Sales Team", Mail: "sales@contoso.com"), Actor, ct);

        var first = People.Where(p => p is not "Lee Gu").Take(30).Select(p => User(p, "contoso.com")).ToList();
        first.Add(User("Lee Gu", "contoso.com") with { ProxyAddresses = null, Mail = null });
        first[first.FindIndex(u => u.DisplayName == "Pradeep Gupta")] = User("Pradeep Gupta", "contoso.com", "info@contoso.com");
        first[first.FindIndex(u => u.DisplayName == "Isaiah Langer")] = User("Isaiah Langer", "contoso.com", "info@contoso.com");
        first.AddRange([Group("Sales Team", "sales@contoso.com"), Group("Engineering", "engineering@contoso.com"), Group("Finance", null),
            Group("All Staff", "allstaff@contoso.com"), Contact("Fabrikam Support", "support@fabrikam.net"), Contact("Litware Sales", "sales@litware.com")]);
        await Push(t.Id, first, ct);
        // The sync client reports what it runs, as Connect does on each start.
        await features.ReportBySyncClientAsync(t.Id, new Dictionary<DirSyncFeature, bool>
            { [DirSyncFeature.PasswordSync] = true, [DirSyncFeature.DirectoryExtensions] = false }, SyncClient, ct);

        await features.SetByAdminAsync(t.Id, new Dictionary<DirSyncFeature, bool> { [DirSyncFeature.DuplicateUpnResiliency] = true }, Actor, ct);
        await Push(t.Id, [
            User("Lee Gu", "contoso.com") with { ProxyAddresses = null, Mail = null },
            User("Joni Sherman", "contoso.com") with { SourceAnchor = Anchor("Joni Sherman 2"), DisplayName = "Joni Sherman (contractor)", ProxyAddresses = ["SMTP:joni.contractor@contoso.com"] },
            User("Diego Siciliani", "contoso.com") with { SourceAnchor = Anchor("Diego old"), DisplayName = "Diego Siciliani (old account)", ProxyAddresses = ["SMTP:diego.old@contoso.com"] },
            User("Emily Braun", "contoso.com") with { SourceAnchor = Anchor("Emily 2"), DisplayName = "Emily Braun (duplicate)", ProxyAddresses = ["SMTP:emily.b2@contoso.com"] },
            User("Pradeep Gupta", "contoso.com", "info@contoso.com"),
        ], ct);
        // The original Diego moves to a new UPN on premises; fix-up then gives the old account its UPN back.
        await Push(t.Id, [User("Diego Siciliani", "contoso.com") with { UserPrincipalName = "diego.siciliani.new@contoso.com" }], ct);
        await fixup.RunAsync(t.Id, Actor, ct);

        // An OU filter gone wrong on premises: the next full export leaves every user out. Over the threshold, the guard
        // holds it for review instead of deleting them (the dashboard shows it; an admin allows it once or discards it).
        await features.SetDeletionPreventionAsync(t.Id, AccidentalDeletionPrevention.Create(DeletionPreventionType.EnabledForCount, 20), Actor, ct);
        try { await sync.ApplyBatchAsync(t.Id, new SyncBatchRequest("full", first.Where(o => o.ObjectType != "user").ToList()), SyncClient, ct); }
        catch (DeletionThresholdExceededException) { }
    }

    /// <summary>A recent tenant: everything on by default, soft match by UPN, quarantined proxies, blocked takeover.</summary>
    private async Task SeedFabrikamAsync(CancellationToken ct)
    {
        var t = await tenants.CreateAsync(new NewTenant("Fabrikam", "fabrikam.onmicrosoft.com", new DateTimeOffset(2024, 5, 1, 0, 0, 0, TimeSpan.Zero),
            [new("fabrikam.net", "Managed"), new("tailspin.com", "Federated")]), Actor, ct);
        await cloud.CreateAsync(t.Id, new(ObjectType.User, "Nestor Wilke (cloud)", "nestor.wilke@fabrikam.net"), Actor, ct);
        await cloud.CreateAsync(t.Id, new(ObjectType.User, "Grady Archie (cloud)", "grady@fabrikam.onmicrosoft.com", "grady.archie@fabrikam.net"), Actor, ct);
        await cloud.CreateAsync(t.Id, new(ObjectType.User, "Irvin Sayers (cloud)", "irvin@fabrikam.onmicrosoft.com", OnPremisesImmutableId: Anchor("Irvin Sayers")), Actor, ct);
        await features.SetByAdminAsync(t.Id, new Dictionary<DirSyncFeature, bool> { [DirSyncFeature.BlockCloudObjectTakeoverThroughHardMatch] = true }, Actor, ct);

        var batch = People.Skip(10).Take(20).Select(p => User(p, "fabrikam.net")).ToList();
        batch.Add(User("Vera Kim", "tailspin.com"));
        batch.AddRange([Group("Marketing", "marketing@fabrikam.net"), Group("Marketing (EU)", "marketing@fabrikam.net") with { SourceAnchor = Anchor("Marketing EU") },
            Group("Helpdesk", "helpdesk@fabrikam.net"), Contact("Tailspin Partner", "partner@tailspin.com") with { ProxyAddresses = ["SMTP:partner@tailspin.com", "smtp:helpdesk@fabrikam.net"] },
            User("Xavier Boyd", "contoso.local")]);
        await Push(t.Id, batch, ct);
        await Push(t.Id, [User("Mallory Cortez", "fabrikam.net") with { DisplayName = "Mallory Cortez-Diaz" }, Deleted("Zach Hill")], ct);
    }

    private async Task Push(Guid tenantId, IReadOnlyList<IncomingObject> objects, CancellationToken ct) =>
        await sync.ApplyBatchAsync(tenantId, new SyncBatchRequest("delta", objects), SyncClient, ct);

    private static IncomingObject User(string name, string domain, string? alias = null)
    {
        var nick = name.ToLowerInvariant().Replace(' ', '.');
        var upn = $"{nick}@{domain}";
        string[] proxies = alias is null ? [$"SMTP:{upn}", $"smtp:{nick[0]}{nick[(nick.IndexOf('.') + 1)..]}@{domain}"] : [$"SMTP:{upn}", $"smtp:{alias}"];
        return new IncomingObject
        {
            ObjectType = "user", SourceAnchor = Anchor(name), DisplayName = name, UserPrincipalName = upn, MailNickname = nick, Mail = upn,
            ProxyAddresses = proxies, OnPremisesDistinguishedName = $"CN={name},OU=Users,DC={domain.Split('.')[0]},DC=com",
        };
    }

    private static IncomingObject Group(string name, string? smtp) => new()
    {
        ObjectType = "group", SourceAnchor = Anchor(name), DisplayName = name, MailEnabled = smtp is not null,
        ProxyAddresses = smtp is null ? [] : [$"SMTP:{smtp}"], OnPremisesDistinguishedName = $"CN={name},OU=Groups,DC=corp,DC=com",
    };

    private static IncomingObject Contact(string name, string smtp) => new()
    {
        ObjectType = "contact", SourceAnchor = Anchor(name), DisplayName = name, Mail = smtp, ProxyAddresses = [$"SMTP:{smtp}"],
        OnPremisesDistinguishedName = $"CN={name},OU=Contacts,DC=corp,DC=com",
    };

    private static IncomingObject Deleted(string name) => new() { ObjectType = "user", SourceAnchor = Anchor(name), IsDeleted = true };

    /// <summary>A stable base64 source anchor per name, like an objectGUID-based sourceAnchor.</summary>
    private static string Anchor(string name) => Convert.ToBase64String(MD5.HashData(Encoding.UTF8.GetBytes(name)));
}
