using AdminPortal.ActiveDirectory.Ldap;
using Microsoft.Extensions.Configuration;

namespace AdminPortal.SyncAgent;

/// <summary>The agent's settings (the <c>Agent</c> section), read and checked once; a missing one stops it with its name.</summary>
public sealed record AgentSettings(DirectoryConnection Directory, Uri ServiceUrl, Guid TenantId, string AccessKey, TimeSpan Interval, string StateDirectory)
{
    /// <summary>Where the agent keeps its state when Agent:StateDirectory is not set: the account's own application data.</summary>
    public static string DefaultStateDirectory =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "AdminPortal.SyncAgent");

    public static AgentSettings From(IConfiguration config)
    {
        string Required(string name) => config[name] is { Length: > 0 } value ? value
            : throw new InvalidOperationException($"Setting {name} is required (see appsettings.template.json, section Agent).");
        Uri Url(string name) => Uri.TryCreate(Required(name), UriKind.Absolute, out var url) ? url
            : throw new InvalidOperationException($"Setting {name} is '{config[name]}'; it must be an absolute URL.");
        var service = Url("Agent:Service:Url");
        if (service.Scheme != Uri.UriSchemeHttps && !service.IsLoopback)
            throw new InvalidOperationException($"Setting Agent:Service:Url is '{service}'; the access key only travels over https (http only to this machine).");
        var tenant = Guid.TryParse(Required("Agent:Service:TenantId"), out var id) ? id
            : throw new InvalidOperationException($"Setting Agent:Service:TenantId is '{config["Agent:Service:TenantId"]}'; it must be the tenant's id (a GUID).");
        var interval = config["Agent:Interval"] is { Length: > 0 } text
            ? TimeSpan.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var t) && t > TimeSpan.Zero ? t
                : throw new InvalidOperationException($"Setting Agent:Interval is '{text}'; it must be a positive time span, e.g. 00:30:00.")
            : TimeSpan.FromMinutes(30);
        var directory = new DirectoryConnection(Url("Agent:Directory:Url"), Required("Agent:Directory:User"), Required("Agent:Directory:Password"),
            Required("Agent:Directory:BaseDn"), TrustedCertificate(config),
            config["Agent:Directory:Filter"] is { Length: > 0 } filter ? filter : null, config.GetValue("Agent:Directory:AllowUnencrypted", false));
        var state = config["Agent:StateDirectory"] is { Length: > 0 } folder ? folder : DefaultStateDirectory;
        return new AgentSettings(directory, service, tenant, Required("Agent:Service:AccessKey"), interval, state);
    }

    private static string? TrustedCertificate(IConfiguration config) => config["Agent:Directory:TrustedCertificate"] switch
    {
        { Length: > 0 } file when File.Exists(file) => file,
        { Length: > 0 } file => throw new InvalidOperationException($"Setting Agent:Directory:TrustedCertificate is '{file}'; there is no such file (a PEM file of the CA to trust)."),
        _ => null,
    };
}
