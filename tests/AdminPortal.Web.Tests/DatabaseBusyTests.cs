using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AdminPortal.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;

namespace AdminPortal.Web.Tests;

/// <summary>
/// On SQLite one write runs at a time: while another holds the file (a sync run's commit, for minutes), a write waits
/// for the connection's timeout and is then refused as the service being busy — a 503 that says so, under /api and
/// /graph alike — with nothing stored; sent again once the file is free, it is done.
/// </summary>
public class DatabaseBusyTests(DatabaseBusyTests.OneSecondTimeout factory) : IClassFixture<DatabaseBusyTests.OneSecondTimeout>
{
    /// <summary>The portal on SQLite with a one-second wait for the file's write lock (30 s by default).</summary>
    public sealed class OneSecondTimeout() : PortalFactoryOn(DatabaseProvider.Sqlite)
    {
        public string Database { get; private set; } = "";

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            Database = builder.GetSetting("ConnectionStrings:AdminPortal")!;
            builder.UseSetting("ConnectionStrings:AdminPortal", Database + ";Default Timeout=1");
        }
    }

    [Fact]
    public async Task A_write_while_another_holds_the_file_is_a_503_saying_so_and_is_done_when_sent_again()
    {
        using var api = factory.Admin();
        var tenant = await Api.CreateTenantAsync(api, "busy-one");
        await using (var holder = new SqliteConnection(factory.Database))
        {
            await holder.OpenAsync();
            // The file's write lock, held as a commit holds it (disposed, the transaction rolls back and lets it go).
            await using var holding = holder.BeginTransaction(deferred: false);

            var refused = await api.PostAsJsonAsync("/api/tenants", NewTenant("busy-two"));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Contains("busy with another write", (await refused.Content.ReadFromJsonAsync<JsonObject>())!["title"]!.GetValue<string>());
            var graph = await api.PostAsJsonAsync($"/graph/{tenant}/v1.0/users", new { displayName = "Y", userPrincipalName = "y@contoso.com" });
            Assert.Equal(HttpStatusCode.ServiceUnavailable, graph.StatusCode);
            Assert.Equal("serviceNotAvailable", (await graph.Content.ReadFromJsonAsync<JsonObject>())!["error"]!["code"]!.GetValue<string>());
        }

        var tenants = (await api.GetFromJsonAsync<JsonObject>("/api/tenants"))!["value"]!.AsArray();
        Assert.DoesNotContain(tenants, t => t!["initialDomain"]!.GetValue<string>() == "busy-two.onmicrosoft.com");
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsJsonAsync("/api/tenants", NewTenant("busy-two"))).StatusCode);
    }

    private static object NewTenant(string name) => new
    {
        displayName = name, initialDomain = $"{name}.onmicrosoft.com", verifiedDomains = new[] { new { name = "contoso.com", authenticationType = "Managed" } },
    };
}
