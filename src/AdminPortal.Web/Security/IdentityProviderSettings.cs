using System.Net;

namespace AdminPortal.Web.Security;

/// <summary>
/// The AzureAd section (appsettings.template.json), as Microsoft.Identity.Web reads it: Instance, TenantId, ClientId,
/// ClientSecret or ClientCertificates, CallbackPath, SignedOutCallbackPath, and Audience for API tokens. Checked at
/// start: a missing or malformed key stops the app with its name. An Instance that is not one of Entra ID's sign-in
/// hosts is a standard OpenID Provider whose issuer is the Instance itself (the loopback test provider, say).
/// </summary>
public sealed record IdentityProviderSettings(Uri Instance, string? TenantId, string ClientId, string? Audience, bool IsEntraId)
{
    public const string Section = "AzureAd";

    // Entra ID's sign-in hosts (global and national clouds, and External ID tenants).
    private static readonly string[] EntraHosts =
        ["login.microsoftonline.com", "login.microsoftonline.us", "login.chinacloudapi.cn", "login.partner.microsoftonline.cn", "login.microsoftonline.de"];

    public static IdentityProviderSettings? From(IConfiguration config)
    {
        var section = config.GetSection(Section);
        var clientId = section["ClientId"];
        var instance = section["Instance"];
        if (string.IsNullOrWhiteSpace(clientId) && string.IsNullOrWhiteSpace(instance)) return null;
        if (string.IsNullOrWhiteSpace(instance) || !Uri.TryCreate(instance, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
            throw Invalid("Instance", instance, "the identity provider's absolute https URL, e.g. https://login.microsoftonline.com/");
        if (uri.Scheme == "http" && !IsLoopback(uri))
            throw Invalid("Instance", instance, "https (plain http is allowed only on loopback, for a test provider)");
        if (string.IsNullOrWhiteSpace(clientId)) throw Missing("ClientId", "the application (client) id registered at the provider");
        if (string.IsNullOrWhiteSpace(section["ClientSecret"]) && !section.GetSection("ClientCertificates").GetChildren().Any())
            throw Missing("ClientSecret", "the client secret (or ClientCertificates); keep it out of files: AzureAd__ClientSecret");
        var entra = EntraHosts.Contains(uri.Host, StringComparer.OrdinalIgnoreCase) || uri.Host.EndsWith(".ciamlogin.com", StringComparison.OrdinalIgnoreCase);
        var tenant = section["TenantId"];
        // Identity.Web needs it for any provider; for one that is not Entra ID any name does.
        if (string.IsNullOrWhiteSpace(tenant)) throw Missing("TenantId", "the directory (tenant) id, or organizations (any name for a provider that is not Entra ID)");
        foreach (var path in new[] { "CallbackPath", "SignedOutCallbackPath" })
            if (section[path] is { } value && !value.StartsWith('/')) throw Invalid(path, value, "a path of this site starting with /");
        return new IdentityProviderSettings(uri, tenant, clientId, section["Audience"], entra);
    }

    /// <summary>For a standard OpenID Provider: its issuer, which is the Instance as configured.</summary>
    public string Issuer => Instance.ToString().TrimEnd('/');

    public string MetadataAddress => Issuer + "/.well-known/openid-configuration";

    public bool IsLoopbackProvider => IsLoopback(Instance);

    /// <summary>The audiences an API token may name: the client id and the Application ID URI.</summary>
    public IEnumerable<string> Audiences => new[] { ClientId, Audience, $"api://{ClientId}" }.OfType<string>().Distinct();

    private static bool IsLoopback(Uri uri) => uri.IsLoopback || (IPAddress.TryParse(uri.Host, out var ip) && IPAddress.IsLoopback(ip));

    private static InvalidOperationException Missing(string key, string what) =>
        new($"Setting {Section}:{key} is required when {Section} is configured: {what}.");

    private static InvalidOperationException Invalid(string key, string? value, string expected) =>
        new($"Setting {Section}:{key} is '{value}'; it must be {expected}.");
}
