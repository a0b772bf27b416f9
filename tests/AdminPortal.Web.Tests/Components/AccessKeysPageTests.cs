using AdminPortal.Data;
using AdminPortal.Data.Stores;
using AdminPortal.SyncRules;
using AdminPortal.SyncRules.Access;
using AdminPortal.SyncRules.Audit;
using AdminPortal.SyncRules.Ports;
using AdminPortal.Web.Components.Pages.AccessKeys;
using AdminPortal.Web.Security;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AdminPortal.Web.Tests.Components;

public class AccessKeysPageTests : PortalComponentTest
{
    private IRenderedComponent<AccessKeysPage> Issue(string name)
    {
        var page = Ctx.Render<AccessKeysPage>();
        page.Find("#key-name").Change(name);
        page.Find("form[aria-label='Issue a key']").Submit();
        return page;
    }

    [Fact]
    public async Task A_new_key_is_shown_once_with_a_copy_button_and_only_its_hash_is_stored()
    {
        User.SignIn(Roles.Admin);
        Providers();
        var page = Issue("nightly report");
        page.WaitForAssertion(() => Assert.StartsWith("apk_", page.Find("#issued-secret").TextContent.Trim()));
        var secret = page.Find("#issued-secret").TextContent.Trim();
        page.Find("#copy-secret").Click();
        Assert.Equal(secret, Ctx.JSInterop.VerifyInvoke("adminPortal.copy").Arguments.Single());
        var stored = (await Service<AccessKeyService>().ListAsync(default)).Single();
        Assert.Equal(AccessKey.HashOf(secret), stored.Hash);
        Assert.Equal("alice", stored.CreatedBy);

        // Shown once: a fresh page lists the key by its prefix only.
        var again = Ctx.Render<AccessKeysPage>();
        again.WaitForAssertion(() => Assert.Contains("nightly report", again.Markup));
        Assert.DoesNotContain(secret, again.Markup);
    }

    [Fact]
    public async Task A_key_without_a_name_is_refused_with_the_reason()
    {
        User.SignIn(Roles.Admin);
        var providers = Providers();
        Issue("");
        providers.WaitForAssertion(() => Assert.Contains("Give the key a name", providers.Markup));
        Assert.Empty(await Service<AccessKeyService>().ListAsync(default));
    }

    [Fact]
    public async Task Revoking_asks_first_and_then_refuses_the_key()
    {
        User.SignIn(Roles.Admin);
        var (_, secret) = await Service<AccessKeyService>().IssueAsync("to be revoked", Roles.Operator, null, "alice", default);
        var dialogs = Providers();
        var page = Ctx.Render<AccessKeysPage>();
        page.WaitForAssertion(() => Assert.Single(page.FindAll("button"), b => b.TextContent.Trim() == "Revoke"));
        page.FindAll("button").Single(b => b.TextContent.Trim() == "Revoke").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("refused from the moment you confirm", dialogs.Markup));
        dialogs.Find("#confirm").Click();
        page.WaitForAssertion(() => Assert.Contains("Revoked by alice", page.Markup));
        Assert.Null(await Service<AccessKeyService>().AuthenticateAsync(secret, default));
    }
}

/// <summary>The database's disk is full when an admin acts: the page says so and what to do, and goes on working.</summary>
public class AccessKeysPageOnAFullDiskTests : PortalComponentTest
{
    public AccessKeysPageOnAFullDiskTests()
        : base(s => s.Replace(ServiceDescriptor.Singleton<IAccessKeyStore>(p => new FullDisk(new AccessKeyStore(p.GetRequiredService<PortalDbContextFactory>()))))) { }

    [Fact]
    public async Task Issuing_a_key_on_a_full_disk_says_nothing_was_stored_and_the_page_stays_usable()
    {
        User.SignIn(Roles.Admin);
        var providers = Providers();
        var page = Ctx.Render<AccessKeysPage>();
        page.Find("#key-name").Change("nightly report");
        page.Find("form[aria-label='Issue a key']").Submit();
        providers.WaitForAssertion(() => Assert.Contains("out of space: nothing of this request was stored", providers.Markup));
        Assert.Empty(page.FindAll("#issued-secret"));
        Assert.Empty(await Service<AccessKeyService>().ListAsync(default));
        page.Find("#key-name").Change("second try");
        Assert.Equal("second try", page.Find("#key-name").GetAttribute("value"));
    }

    /// <summary>The real store, whose disk turns out full on the write (as a store says it: <see cref="StorageFullException"/>).</summary>
    private sealed class FullDisk(IAccessKeyStore store) : IAccessKeyStore
    {
        public Task AddAsync(AccessKey key, AuditEvent audit, CancellationToken ct) =>
            throw new StorageFullException(new IOException("SQLite Error 13: 'database or disk is full'."));
        public Task<IReadOnlyList<AccessKey>> ListAsync(CancellationToken ct) => store.ListAsync(ct);
        public Task<AccessKey?> FindByHashAsync(string hash, CancellationToken ct) => store.FindByHashAsync(hash, ct);
        public Task<AccessKey?> FindAsync(Guid id, CancellationToken ct) => store.FindAsync(id, ct);
        public Task RevokeAsync(Guid id, string actor, DateTimeOffset when, AuditEvent audit, CancellationToken ct) => store.RevokeAsync(id, actor, when, audit, ct);
        public Task TouchAsync(Guid id, DateTimeOffset when, CancellationToken ct) => store.TouchAsync(id, when, ct);
    }
}
