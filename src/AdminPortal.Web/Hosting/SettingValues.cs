using System.Globalization;

namespace AdminPortal.Web.Hosting;

/// <summary>Reads one setting and checks it, naming the setting and the bad value when it is wrong (the start stops).</summary>
public static class SettingValues
{
    public static int WholeNumber(IConfiguration config, string setting, int fallback)
    {
        if (config[setting] is not { } text) return fallback;
        return int.TryParse(text, out var n) && n >= 1 ? n
            : throw new InvalidOperationException($"Setting {setting} is '{text}'; it must be a whole number, 1 or more.");
    }

    /// <param name="example">A valid value to show in the message, such as 01:00:00.</param>
    public static TimeSpan PositiveTimeSpan(IConfiguration config, string setting, TimeSpan fallback, string example)
    {
        if (config[setting] is not { } text) return fallback;
        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) && span > TimeSpan.Zero ? span
            : throw new InvalidOperationException($"Setting {setting} is '{text}'; it must be a positive time span such as {example}.");
    }
}
