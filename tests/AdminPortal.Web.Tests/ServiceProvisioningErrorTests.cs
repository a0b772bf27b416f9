using System.Text.Json.Nodes;
using AdminPortal.TestSupport;

namespace AdminPortal.Web.Tests;

/// <summary>
/// serviceProvisioningErrors on users (Graph v1.0's shape) for an object a sync could not update, resolved by the next
/// export that applies; and the filter admins asked Microsoft for, on SQLite and PostgreSQL.
/// </summary>
public abstract class ServiceProvisioningErrorTests<TFactory>(TFactory factory) : IClassFixture<TFactory> where TFactory : PortalFactoryOn
{
    private readonly HttpClient admin = factory.Admin();

    private async Task<List<string>> FilteredAsync(string tenant, bool resolved) =>
        (await Api.OkJsonAsync(await admin.GetAsync($"/graph/{tenant}/v1.0/users?$filter=serviceProvisioningErrors/any(e:e/isResolved eq {(resolved ? "true" : "false")})")))
            ["value"]!.AsArray().Select(u => u!["id"]!.GetValue<string>()).ToList();

    private async Task<JsonArray> ErrorsAsync(string tenant, string id) =>
        (await Api.OkJsonAsync(await admin.GetAsync($"/graph/{tenant}/v1.0/users/{id}")))["serviceProvisioningErrors"]!.AsArray();

    [ProviderFact]
    public async Task An_update_the_sync_could_not_apply_is_an_unresolved_error_until_the_next_export_applies()
    {
        // A tenant of 2015: proxy address resiliency off, so a duplicate address fails the object instead of being quarantined.
        var tenant = await Api.CreateTenantAsync(admin, "p" + Guid.NewGuid().ToString("N")[..10], "2015-01-01T00:00:00Z");
        var first = await Api.OkJsonAsync(await Api.PushAsync(admin, tenant, Api.User("a1", "joe@contoso.com", "SMTP:joe@contoso.com"),
            Api.User("a2", "ann@contoso.com", "SMTP:ann@contoso.com")));
        var joe = first["results"]![0]!["objectId"]!.GetValue<string>();
        Assert.Empty(await ErrorsAsync(tenant, joe));

        var failed = await Api.OkJsonAsync(await Api.PushAsync(admin, tenant, Api.User("a1", "joe@contoso.com", "SMTP:joe@contoso.com", "smtp:ann@contoso.com")));
        Assert.Equal("failed", failed["results"]![0]!["outcome"]!.GetValue<string>());
        var error = Assert.Single(await ErrorsAsync(tenant, joe))!;
        Assert.Equal(("#microsoft.graph.serviceProvisioningXmlError", false, "AdminPortal/DirectorySync"),
            (error["@odata.type"]!.GetValue<string>(), error["isResolved"]!.GetValue<bool>(), error["serviceInstance"]!.GetValue<string>()));
        var detail = System.Xml.Linq.XElement.Parse(error["errorDetail"]!.GetValue<string>());
        Assert.Equal(("AttributeValueMustBeUnique", "smtp:ann@contoso.com"), (detail.Element("ErrorCode")!.Value, detail.Element("Value")!.Value));
        Assert.NotNull(error["createdDateTime"]);
        Assert.Equal([joe], await FilteredAsync(tenant, resolved: false));
        Assert.Empty(await FilteredAsync(tenant, resolved: true));

        // The official SDK reads the same, its types cover v1.0's serviceProvisioningErrors and the filter.
        var graph = GraphSdk.For(factory, tenant);
        var sdkUser = await graph.Users[joe].GetAsync();
        var sdkError = Assert.IsType<Microsoft.Graph.Models.ServiceProvisioningXmlError>(Assert.Single(sdkUser!.ServiceProvisioningErrors!));
        Assert.Equal((false, "AdminPortal/DirectorySync"), (sdkError.IsResolved, sdkError.ServiceInstance));
        Assert.Contains("AttributeValueMustBeUnique", sdkError.ErrorDetail);
        var failing = await graph.Users.GetAsync(c => c.QueryParameters.Filter = "serviceProvisioningErrors/any(e:e/isResolved eq false)");
        Assert.Equal([joe], failing!.Value!.Select(u => u.Id));

        // The client fixes the object on premises: the error stays on the user, resolved, and leaves the filter.
        await Api.OkJsonAsync(await Api.PushAsync(admin, tenant, Api.User("a1", "joe@contoso.com", "SMTP:joe@contoso.com", "smtp:joseph@contoso.com")));
        Assert.True(Assert.Single(await ErrorsAsync(tenant, joe))!["isResolved"]!.GetValue<bool>());
        Assert.Empty(await FilteredAsync(tenant, resolved: false));
        Assert.Equal([joe], await FilteredAsync(tenant, resolved: true));
        // And an unchanged export afterwards is unchanged again (the resolved error is not a pending one).
        var again = await Api.OkJsonAsync(await Api.PushAsync(admin, tenant, Api.User("a1", "joe@contoso.com", "SMTP:joe@contoso.com", "smtp:joseph@contoso.com")));
        Assert.Equal("unchanged", again["results"]![0]!["outcome"]!.GetValue<string>());
    }

    [ProviderFact]
    public async Task A_malformed_service_error_filter_is_refused_naming_what_is_supported()
    {
        var tenant = await Api.CreateTenantAsync(admin, "q" + Guid.NewGuid().ToString("N")[..10]);
        var refused = await admin.GetAsync($"/graph/{tenant}/v1.0/users?$filter=serviceProvisioningErrors/any(e:e/isResolved eq maybe)");
        Assert.Equal(400, (int)refused.StatusCode);
        Assert.Contains("serviceProvisioningErrors/any(e:e/isResolved eq false|true)", await refused.Content.ReadAsStringAsync());
    }
}

public sealed class ServiceProvisioningErrorTestsOnSqlite(PortalFactory factory) : ServiceProvisioningErrorTests<PortalFactory>(factory);

public sealed class ServiceProvisioningErrorTestsOnPostgres(PostgresPortalFactory factory) : ServiceProvisioningErrorTests<PostgresPortalFactory>(factory);

[SqlServer]
public sealed class ServiceProvisioningErrorTestsOnSqlServer(SqlServerPortalFactory factory) : ServiceProvisioningErrorTests<SqlServerPortalFactory>(factory);
