using AdminPortal.Data;

namespace AdminPortal.Web.Hosting;

/// <summary>The host's settings, read and checked once at start; a bad value stops the app with a message naming it.</summary>
public sealed record PortalSettings(string? BootstrapAdminKey, TimeSpan FixupInterval, long MaxRequestBodyBytes, bool SeedDemoData, string DataFolder,
    bool IsDevelopment)
{
    public static PortalSettings From(IConfiguration config, IHostEnvironment env)
    {
        var key = config["Portal:BootstrapAdminKey"];
        if (key is { Length: > 0 and < 16 })
            throw new InvalidOperationException("Setting Portal:BootstrapAdminKey must be at least 16 characters long.");
        var interval = TimeSpan.FromHours(1);
        if (config["Fixup:Interval"] is { } text && (!TimeSpan.TryParse(text, out interval) || interval <= TimeSpan.Zero))
            throw new InvalidOperationException($"Setting Fixup:Interval is '{text}'; it must be a positive time span such as 01:00:00.");
        var megabytes = 512;
        if (config["Sync:MaxRequestBodyMegabytes"] is { } mb && (!int.TryParse(mb, out megabytes) || megabytes < 1))
            throw new InvalidOperationException($"Setting Sync:MaxRequestBodyMegabytes is '{mb}'; it must be a whole number of megabytes, 1 or more.");
        var seed = config.GetValue("Portal:SeedDemoData", env.IsDevelopment());
        var folder = config["Portal:DataFolder"] is { Length: > 0 } f ? f : Path.Combine(env.ContentRootPath, "data");
        return new PortalSettings(string.IsNullOrEmpty(key) ? null : key, interval, megabytes * 1024L * 1024L, seed, folder, env.IsDevelopment());
    }

    public DatabaseSettings Database(IConfiguration config) =>
        DatabaseSettings.From(config["Database:Provider"], config.GetConnectionString("AdminPortal"), DataFolder);
}
