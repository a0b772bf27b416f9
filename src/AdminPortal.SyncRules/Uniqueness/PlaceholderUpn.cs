using AdminPortal.SyncRules.Directory;
using AdminPortal.SyncRules.Sync;

namespace AdminPortal.SyncRules.Uniqueness;

/// <summary>Supplies the random digits of placeholder UPNs; tests may fix them.</summary>
public interface IRandomDigits
{
    int Next4Digits();
}

public sealed class SharedRandomDigits : IRandomDigits
{
    public int Next4Digits() => Random.Shared.Next(1000, 10000);
}

/// <summary>The placeholder a quarantined UPN is replaced with: &lt;original prefix&gt;+&lt;4 random digits&gt;@&lt;initial domain&gt;.</summary>
public static class PlaceholderUpn
{
    public static string Generate(string originalUpn, string initialDomain, DirectoryIndex index, IRandomDigits digits)
    {
        var prefix = originalUpn[..originalUpn.IndexOf('@')];
        // Keep within the 64-character prefix limit once "+1234" is appended.
        if (prefix.Length > 59) prefix = prefix[..59];
        for (var attempt = 0; ; attempt++)
        {
            var candidate = $"{prefix}+{digits.Next4Digits()}@{initialDomain}";
            if (index.ByUpn(DirectoryValue.Normalize(candidate)) is null || attempt > 100) return candidate;
        }
    }
}
