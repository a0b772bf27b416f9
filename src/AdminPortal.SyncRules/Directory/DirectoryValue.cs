namespace AdminPortal.SyncRules.Directory;

/// <summary>
/// How the directory compares the values that must be unique or that match objects — UPNs, proxy addresses, quarantined
/// values, domain names: ignoring case, by the invariant culture's lower case. Every normalized key (UpnNormalized,
/// the proxy-address key, the quarantine key, the batch's lookup keys) is made here and nowhere else.
/// </summary>
public static class DirectoryValue
{
    public static string Normalize(string value) => value.ToLowerInvariant();

    public static bool SameValue(string a, string b) => Normalize(a) == Normalize(b);
}
