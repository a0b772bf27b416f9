using System.Net;
using System.Net.Http.Json;
using AdminPortal.Web.Security;

namespace AdminPortal.Web.Tests;

/// <summary>The conflict list as CSV over HTTP; working conflicts in the live pages is tested with bunit (ConflictPagesTests).</summary>
public class ConflictCsvTests(DevelopmentPortalFactory factory) : IClassFixture<DevelopmentPortalFactory>
{
    private async Task<string> TenantWithCloudHolderAsync()
    {
        var admin = factory.CreateClient().WithBootstrapKey();
        var tenant = await Api.CreateTenantAsync(admin, "r" + Guid.NewGuid().ToString("N")[..10]);
        await Api.OkJsonAsync(await admin.PostAsJsonAsync($"/graph/{tenant}/v1.0/groups",
            new { displayName = "Old sales list", mailEnabled = true, mail = "sales@contoso.com", proxyAddresses = new[] { "smtp:old-sales@contoso.com" } }));
        await Api.OkJsonAsync(await Api.PushAsync(admin, tenant, Api.User("s1", "sam@contoso.com", "SMTP:sam@contoso.com", "smtp:sales@contoso.com")));
        return tenant;
    }

    [Fact]
    public async Task The_filtered_conflict_list_exports_as_csv_with_the_holder()
    {
        var tenant = await TenantWithCloudHolderAsync();
        var browser = await factory.SignInAsync(Roles.Reader, "reader");
        var response = await browser.GetAsync($"/tenants/{tenant}/conflicts.csv?property=ProxyAddress");
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).TrimEnd('\n').Split('\n');
        Assert.StartsWith("value,attribute,", lines[0]);
        var fields = lines[1].Split(',');
        Assert.Equal(["smtp:sales@contoso.com", "ProxyAddress"], fields[..2]);
        Assert.Contains("Old sales list", lines[1]);
        Assert.Equal(2, (await (await browser.GetAsync($"/tenants/{tenant}/conflicts.csv?property=UserPrincipalName")).Content.ReadAsStringAsync()).Split('\n').Length);
    }
}
