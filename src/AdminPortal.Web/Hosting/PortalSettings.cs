using System.Net;
using AdminPortal.Data;
using AdminPortal.SyncRules.Sync;
using AdminPortal.Web.Security;

namespace AdminPortal.Web.Hosting;

/// <summary>The host's settings, read and checked once at start; a bad value stops the app with a message naming it.</summary>
public sealed record PortalSettings(string? BootstrapAdminKey, TimeSpan FixupInterval, long MaxRequestBodyBytes, long MaxApiRequestBodyBytes,
    bool SeedDemoData, string DataFolder, bool IsDevelopment, bool ForwardedHeaders, IReadOnlyList<IPAddress> KnownProxies, Uri? PublicUrl,
    long MaxPreflightFileBytes, SyncRunLimits SyncRuns)
{
    /// <summary>The well-known key appsettings.Development.json sets; refused anywhere else, whoever copies it.</summary>
    public const string DevelopmentBootstrapKey = "development-bootstrap-key-not-for-production";

    public static PortalSettings From(IConfiguration config, IHostEnvironment env)
    {
        var key = config["Portal:BootstrapAdminKey"];
        if (key is { Length: > 0 and < 16 })
            throw new InvalidOperationException("Setting Portal:BootstrapAdminKey must be at least 16 characters long.");
        if (key == DevelopmentBootstrapKey && !env.IsDevelopment())
            throw new InvalidOperationException(
                $"Setting Portal:BootstrapAdminKey holds the development key, which works only in Development (this host is {env.EnvironmentName}). Set a secret of your own.");
        var interval = SettingValues.PositiveTimeSpan(config, "Fixup:Interval", TimeSpan.FromHours(1), "01:00:00");
        var megabytes = SettingValues.WholeNumber(config, "Sync:MaxRequestBodyMegabytes", 512);
        var kilobytes = SettingValues.WholeNumber(config, "Api:MaxRequestBodyKilobytes", 1024);
        var preflight = SettingValues.WholeNumber(config, "Preflight:MaxFileMegabytes", 256);
        var runs = new SyncRunLimits(
            SettingValues.WholeNumber(config, "Sync:MaxPageObjects", SyncRunLimits.Default.MaxPageObjects),
            SettingValues.PositiveTimeSpan(config, "Sync:RunTimeout", SyncRunLimits.Default.Timeout, "02:00:00"),
            SettingValues.WholeNumber(config, "Sync:CommitChunkObjects", SyncRunLimits.Default.CommitChunkObjects));
        var seed = config.GetValue("Portal:SeedDemoData", env.IsDevelopment());
        var folder = config["Portal:DataFolder"] is { Length: > 0 } f ? f : Path.Combine(env.ContentRootPath, "data");
        var forwarded = config.GetValue("Hosting:ForwardedHeaders", false);
        var proxies = TransportSecurity.ParseProxies(config["Hosting:KnownProxies"], "Hosting:KnownProxies");
        return new PortalSettings(string.IsNullOrEmpty(key) ? null : key, interval, megabytes * 1024L * 1024L, kilobytes * 1024L,
            seed, folder, env.IsDevelopment(), forwarded, proxies, PublicUrlFrom(config["Hosting:PublicUrl"], env.IsDevelopment()), preflight * 1024L * 1024L, runs);
    }

    /// <summary>Hosting:PublicUrl: an absolute https URL with no path (http only in Development), or none.</summary>
    private static Uri? PublicUrlFrom(string? text, bool development)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (Uri.TryCreate(text, UriKind.Absolute, out var url) && (url.Scheme == "https" || (development && url.Scheme == "http"))
            && url.AbsolutePath == "/" && url.Query.Length == 0 && url.Fragment.Length == 0 && url.UserInfo.Length == 0)
            return url;
        throw new InvalidOperationException(
            $"Setting Hosting:PublicUrl is '{text}'; it must be the portal's https URL as browsers reach it, with no path, e.g. https://portal.contoso.com.");
    }

    public DatabaseSettings Database(IConfiguration config) =>
        DatabaseSettings.From(config["Database:Provider"], config.GetConnectionString("AdminPortal"), DataFolder,
            config.GetValue<bool?>("Database:MigrateAtStartup"), IsDevelopment);
}
