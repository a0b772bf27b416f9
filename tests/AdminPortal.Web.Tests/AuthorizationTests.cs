using System.Net;
using AdminPortal.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace AdminPortal.Web.Tests;

/// <summary>Every endpoint against anonymous, a wrong token, and each role: allowed or refused as its policy says.</summary>
public class AuthorizationTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private static readonly string[] AllRoles = [Roles.Reader, Roles.Operator, Roles.Admin, Roles.SyncClient];

    // method, path template, roles allowed ("*" = anonymous)
    public static TheoryData<string, string, string> Endpoints()
    {
        var rows = Listed();
        // Graph's beta answers every v1.0 call with the same code, and the same roles.
        foreach (var row in rows.ToList())
            if (row[1] is string template && template.StartsWith("/graph/{tenantId:guid}/v1.0/", StringComparison.Ordinal))
                rows.Add((string)row[0], template.Replace("/v1.0/", "/beta/"), (string)row[2]);
        return rows;
    }

    private static TheoryData<string, string, string> Listed() => new()
    {
        { "GET", "/", Readers }, { "POST", "/", Readers },
        // The live connection of the interactive pages: signed-in users only (the fail-closed fallback policy); each
        // page and each action inside it is then authorized by its own policy (bunit tests).
        { "GET", "/_blazor", Anyone }, { "GET", "/_blazor/negotiate", Anyone }, { "GET", "/_blazor/disconnect", Anyone },
        { "GET", "/_blazor/initializers", Anyone }, { "GET", "/_framework/opaque-redirect", Anyone },
        { "GET", "/signin", "*" },
        { "GET", "/signed-out", "*" },
        { "GET", "/access-keys", Roles.Admin }, { "POST", "/access-keys", Roles.Admin },
        { "GET", "/{*path:nonfile}", "*" },
        { "GET", "/graph/{**path}", "*" },
        { "POST", "/signout", Anyone },
        { "GET", "/tenants/{TenantId:guid}", Readers }, { "POST", "/tenants/{TenantId:guid}", Readers },
        { "GET", "/tenants/{TenantId:guid}/features", Readers }, { "POST", "/tenants/{TenantId:guid}/features", Readers },
        { "GET", "/tenants/{tenantId:guid}/conflicts.csv", Readers },
        { "GET", "/tenants/{TenantId:guid}/conflicts", Readers }, { "POST", "/tenants/{TenantId:guid}/conflicts", Readers },
        { "GET", "/tenants/{TenantId:guid}/conflicts/detail", Readers }, { "POST", "/tenants/{TenantId:guid}/conflicts/detail", Readers },
        { "GET", "/tenants/{TenantId:guid}/objects", Readers }, { "POST", "/tenants/{TenantId:guid}/objects", Readers },
        { "GET", "/tenants/{TenantId:guid}/objects/{ObjectId:guid}", Readers }, { "POST", "/tenants/{TenantId:guid}/objects/{ObjectId:guid}", Readers },
        { "GET", "/tenants/{TenantId:guid}/batches", Readers }, { "POST", "/tenants/{TenantId:guid}/batches", Readers },
        { "GET", "/tenants/{TenantId:guid}/batches/{BatchId:guid}", Readers }, { "POST", "/tenants/{TenantId:guid}/batches/{BatchId:guid}", Readers },
        { "GET", "/tenants/{TenantId:guid}/match-history", Readers }, { "POST", "/tenants/{TenantId:guid}/match-history", Readers },
        { "GET", "/tenants/{TenantId:guid}/audit", Readers }, { "POST", "/tenants/{TenantId:guid}/audit", Readers },
        { "GET", "/tenants/{TenantId:guid}/preflight", $"{Roles.Operator},{Roles.Admin}" }, { "POST", "/tenants/{TenantId:guid}/preflight", $"{Roles.Operator},{Roles.Admin}" },
        { "GET", "/tenants/{TenantId:guid}/dry-run", $"{Roles.Operator},{Roles.Admin}" }, { "POST", "/tenants/{TenantId:guid}/dry-run", $"{Roles.Operator},{Roles.Admin}" },
        { "GET", "/tenants/{TenantId:guid}/deletion-reviews/{ReviewId:guid}", Readers }, { "POST", "/tenants/{TenantId:guid}/deletion-reviews/{ReviewId:guid}", Readers },
        { "GET", "/health", "*" }, { "GET", "/health/live", "*" }, { "GET", "/health/ready", "*" },
        { "GET", "/openapi/{documentName}.json", "*" },
        { "POST", "/api/tenants", Roles.Admin },
        { "GET", "/api/tenants", $"{Roles.Reader},{Roles.Operator},{Roles.Admin}" },
        { "GET", "/api/tenants/{tenantId:guid}", $"{Roles.Reader},{Roles.Operator},{Roles.Admin}" },
        { "POST", "/api/tenants/{tenantId:guid}/sync/batches", $"{Roles.SyncClient},{Roles.Admin}" },
        { "GET", "/api/tenants/{tenantId:guid}/sync/batches", $"{Roles.Reader},{Roles.Operator},{Roles.Admin}" },
        { "GET", "/api/tenants/{tenantId:guid}/sync/batches/{batchId:guid}", $"{Roles.Reader},{Roles.Operator},{Roles.Admin}" },
        { "POST", "/api/tenants/{tenantId:guid}/sync/runs", $"{Roles.SyncClient},{Roles.Admin}" },
        { "GET", "/api/tenants/{tenantId:guid}/sync/runs", Anyone },
        { "GET", "/api/tenants/{tenantId:guid}/sync/runs/{runId:guid}", Anyone },
        { "DELETE", "/api/tenants/{tenantId:guid}/sync/runs/{runId:guid}", $"{Roles.SyncClient},{Roles.Admin}" },
        { "POST", "/api/tenants/{tenantId:guid}/sync/runs/{runId:guid}/pages", $"{Roles.SyncClient},{Roles.Admin}" },
        { "POST", "/api/tenants/{tenantId:guid}/sync/runs/{runId:guid}/commit", $"{Roles.SyncClient},{Roles.Admin}" },
        { "GET", "/api/tenants/{tenantId:guid}/sync/runs/{runId:guid}/results", Anyone },
        { "POST", "/api/tenants/{tenantId:guid}/fixup", $"{Roles.Operator},{Roles.Admin}" },
        { "POST", "/api/tenants/{tenantId:guid}/preflight", $"{Roles.Operator},{Roles.Admin}" },
        { "POST", "/api/tenants/{tenantId:guid}/cloud/import", Roles.Admin },
        { "POST", "/api/tenants/{tenantId:guid}/sync/features", $"{Roles.SyncClient},{Roles.Admin}" },
        { "POST", "/api/tenants/{tenantId:guid}/sync/client", $"{Roles.SyncClient},{Roles.Admin}" },
        { "GET", "/api/tenants/{tenantId:guid}/sync/client", Anyone },
        { "GET", "/api/tenants/{tenantId:guid}/sync/reviews", Readers },
        { "GET", "/api/tenants/{tenantId:guid}/sync/reviews/{reviewId:guid}", Readers },
        { "GET", "/api/tenants/{tenantId:guid}/sync/reviews/{reviewId:guid}/deletions", Readers },
        { "POST", "/api/tenants/{tenantId:guid}/sync/reviews/{reviewId:guid}/allow", Roles.Admin },
        { "POST", "/api/tenants/{tenantId:guid}/sync/reviews/{reviewId:guid}/discard", Roles.Admin },
        { "GET", "/api/tenants/{tenantId:guid}/conflicts", Readers },
        { "GET", "/api/tenants/{tenantId:guid}/objects/{objectId:guid}/match-history", Readers },
        { "GET", "/graph/{tenantId:guid}/v1.0/directory/onPremisesSynchronization", Readers },
        { "GET", "/graph/{tenantId:guid}/v1.0/directory/onPremisesSynchronization/{id:guid}", Readers },
        { "PATCH", "/graph/{tenantId:guid}/v1.0/directory/onPremisesSynchronization/{id:guid}", Roles.Admin },
        { "GET", "/graph/{tenantId:guid}/v1.0/users/{id:guid}/onPremisesSyncBehavior", Readers },
        { "PATCH", "/graph/{tenantId:guid}/v1.0/users/{id:guid}/onPremisesSyncBehavior", Roles.Admin },
        { "GET", "/graph/{tenantId:guid}/v1.0/groups/{id:guid}/onPremisesSyncBehavior", Readers },
        { "PATCH", "/graph/{tenantId:guid}/v1.0/groups/{id:guid}/onPremisesSyncBehavior", Roles.Admin },
        { "GET", "/graph/{tenantId:guid}/v1.0/contacts/{id:guid}/onPremisesSyncBehavior", Readers },
        { "PATCH", "/graph/{tenantId:guid}/v1.0/contacts/{id:guid}/onPremisesSyncBehavior", Roles.Admin },
        { "POST", "/graph/{tenantId:guid}/v1.0/users/{id:guid}/assignLicense", Roles.Admin },
        { "GET", "/graph/{tenantId:guid}/v1.0/roleManagement/directory/roleAssignments", Readers },
        { "POST", "/graph/{tenantId:guid}/v1.0/roleManagement/directory/roleAssignments", Roles.Admin },
        { "DELETE", "/graph/{tenantId:guid}/v1.0/roleManagement/directory/roleAssignments/{id:guid}", Roles.Admin },
        { "GET", "/graph/{tenantId:guid}/v1.0/users", Readers }, { "GET", "/graph/{tenantId:guid}/v1.0/users/{id:guid}", Readers },
        { "POST", "/graph/{tenantId:guid}/v1.0/users", Roles.Admin }, { "PATCH", "/graph/{tenantId:guid}/v1.0/users/{id:guid}", Roles.Admin },
        { "DELETE", "/graph/{tenantId:guid}/v1.0/users/{id:guid}", Roles.Admin },
        { "GET", "/graph/{tenantId:guid}/v1.0/groups", Readers }, { "GET", "/graph/{tenantId:guid}/v1.0/groups/{id:guid}", Readers },
        { "POST", "/graph/{tenantId:guid}/v1.0/groups", Roles.Admin }, { "PATCH", "/graph/{tenantId:guid}/v1.0/groups/{id:guid}", Roles.Admin },
        { "DELETE", "/graph/{tenantId:guid}/v1.0/groups/{id:guid}", Roles.Admin },
        { "GET", "/graph/{tenantId:guid}/v1.0/contacts", Readers }, { "GET", "/graph/{tenantId:guid}/v1.0/contacts/{id:guid}", Readers },
        { "POST", "/graph/{tenantId:guid}/v1.0/contacts", Roles.Admin }, { "PATCH", "/graph/{tenantId:guid}/v1.0/contacts/{id:guid}", Roles.Admin },
        { "DELETE", "/graph/{tenantId:guid}/v1.0/contacts/{id:guid}", Roles.Admin },
    };

    private const string Readers = $"{Roles.Reader},{Roles.Operator},{Roles.Admin}";
    private const string Anyone = $"{Roles.Reader},{Roles.Operator},{Roles.Admin},{Roles.SyncClient}";

    [Fact]
    public void Every_mapped_endpoint_is_listed_here_so_none_escapes_the_check()
    {
        var mapped = RouteTable.Of(factory.Services).Select(r => r.ToString()).ToHashSet();
        var listed = Endpoints().Select(row => $"{row[0]} {row[1]}").ToHashSet();
        Assert.Equal(listed.Order(), mapped.Order());
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Each_endpoint_admits_exactly_the_roles_its_policy_names(string method, string template, string allowed)
    {
        var path = template.Replace("{documentName}", "v1").Replace("{TenantId:guid}", Guid.NewGuid().ToString()).Replace("{Name}", "softMatchOnUpnEnabled").Replace("{tenantId:guid}", Guid.NewGuid().ToString())
            .Replace("{batchId:guid}", Guid.NewGuid().ToString()).Replace("{id:guid}", Guid.NewGuid().ToString()).Replace("{objectId:guid}", Guid.NewGuid().ToString())
            .Replace("{ObjectId:guid}", Guid.NewGuid().ToString()).Replace("{BatchId:guid}", Guid.NewGuid().ToString())
            .Replace("{reviewId:guid}", Guid.NewGuid().ToString()).Replace("{runId:guid}", Guid.NewGuid().ToString()).Replace("{ReviewId:guid}", Guid.NewGuid().ToString());
        var anonymous = await Send(factory.WithToken(null), method, path);
        var wrongToken = await Send(factory.WithToken("not-the-key-at-all-0000"), method, path);
        if (allowed == "*")
        {
            Assert.NotEqual(HttpStatusCode.Unauthorized, anonymous);
            return;
        }
        // Scripts are refused with 401; a browser without a session is sent to sign in.
        Assert.True(anonymous == HttpStatusCode.Unauthorized || anonymous == HttpStatusCode.Redirect, $"anonymous {method} {path}: {anonymous}");
        Assert.Equal(HttpStatusCode.Unauthorized, wrongToken);
        foreach (var role in AllRoles)
        {
            var status = await Send(factory.AsRole(role), method, path);
            if (allowed.Split(',').Contains(role)) Assert.True(status is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden), $"{role} refused {method} {path}: {status}");
            else Assert.True(status == HttpStatusCode.Forbidden, $"{role} was not refused {method} {path}: {status}");
        }
    }

    private static async Task<HttpStatusCode> Send(HttpClient client, string method, string path)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        var response = await client.SendAsync(request.WithBody(method));
        if (response.StatusCode == HttpStatusCode.Redirect)
            Assert.StartsWith("/signin", response.Headers.Location!.IsAbsoluteUri ? response.Headers.Location.PathAndQuery : response.Headers.Location.OriginalString);
        return response.StatusCode;
    }
}

internal static class RequestBodies
{
    public static HttpRequestMessage WithBody(this HttpRequestMessage request, string method)
    {
        if (method is "POST" or "PATCH") request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
        return request;
    }
}
