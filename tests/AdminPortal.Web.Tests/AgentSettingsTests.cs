using AdminPortal.SyncAgent;
using Microsoft.Extensions.Configuration;

namespace AdminPortal.Web.Tests;

/// <summary>The agent's settings: a missing or bad one stops it with the setting's name; the access key travels over https only.</summary>
public class AgentSettingsTests
{
    private static readonly Dictionary<string, string?> Complete = new()
    {
        ["Agent:Directory:Url"] = "ldaps://dc.contoso.com:636", ["Agent:Directory:User"] = "svc@contoso.com", ["Agent:Directory:Password"] = "secret",
        ["Agent:Directory:BaseDn"] = "DC=contoso,DC=com", ["Agent:Service:Url"] = "https://portal.contoso.com",
        ["Agent:Service:TenantId"] = "0f4a2c2e-1111-4222-8333-944455556666", ["Agent:Service:AccessKey"] = "key",
    };

    private static AgentSettings From(Action<Dictionary<string, string?>> change)
    {
        var values = new Dictionary<string, string?>(Complete);
        change(values);
        return AgentSettings.From(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
    }

    [Fact]
    public void Complete_settings_read_with_the_defaults()
    {
        var settings = From(_ => { });
        Assert.Equal((TimeSpan.FromMinutes(30), "DC=contoso,DC=com", false), (settings.Interval, settings.Directory.BaseDn, settings.Directory.AllowUnencrypted));
    }

    [Theory]
    [InlineData("Agent:Directory:Url", null, "Agent:Directory:Url is required")]
    [InlineData("Agent:Service:AccessKey", null, "Agent:Service:AccessKey is required")]
    [InlineData("Agent:Service:TenantId", "contoso", "must be the tenant's id")]
    [InlineData("Agent:Service:Url", "http://portal.contoso.com", "only travels over https")]
    [InlineData("Agent:Interval", "-00:05:00", "positive time span")]
    [InlineData("Agent:Directory:TrustedCertificate", "/nowhere/ca.pem", "Agent:Directory:TrustedCertificate is '/nowhere/ca.pem'; there is no such file")]
    public void A_missing_or_bad_setting_is_named(string name, string? value, string expected)
    {
        var refused = Assert.Throws<InvalidOperationException>(() => From(v => v[name] = value));
        Assert.Contains(expected, refused.Message);
    }
}
