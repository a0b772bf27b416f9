using System.Buffers;

namespace AdminPortal.SyncRules.Sync;

/// <summary>
/// Syntax checks for the parts of addresses, written as plain loops: a batch of a million objects checks several
/// million of them, where regular expressions would cost more than the rules themselves.
/// </summary>
public static class Syntax
{
    private static readonly SearchValues<char> LocalPartChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~.");
    private static readonly SearchValues<char> LabelChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-");

    /// <summary>The part before the @: allowed characters, no leading, trailing or doubled dot.</summary>
    public static bool IsLocalPart(ReadOnlySpan<char> s) =>
        s.Length > 0 && !s.ContainsAnyExcept(LocalPartChars) && s[0] != '.' && s[^1] != '.' && !s.Contains("..", StringComparison.Ordinal);

    /// <summary>A mail nickname: the characters allowed before an @, dots anywhere.</summary>
    public static bool IsNickname(ReadOnlySpan<char> s) => s.Length > 0 && !s.ContainsAnyExcept(LocalPartChars);

    /// <summary>A DNS name of two labels or more, each 1-63 letters, digits or inner hyphens, ending in a 2-63 letter TLD.</summary>
    public static bool IsDomain(ReadOnlySpan<char> s)
    {
        if (s.Length is 0 or > 253) return false;
        var labels = 0;
        foreach (var range in s.Split('.'))
        {
            var label = s[range];
            if (label.Length is 0 or > 63 || label.ContainsAnyExcept(LabelChars) || label[0] == '-' || label[^1] == '-') return false;
            labels++;
        }
        var tld = s[(s.LastIndexOf('.') + 1)..];
        return labels >= 2 && tld.Length >= 2 && IsLetters(tld);
    }

    /// <summary>A proxy address type such as SMTP, X500 or SIP: a letter or digit, then up to 8 letters, digits or hyphens.</summary>
    public static bool IsProxyType(ReadOnlySpan<char> s) =>
        s.Length is >= 1 and <= 9 && char.IsAsciiLetterOrDigit(s[0]) && !s.ContainsAnyExcept(LabelChars);

    private static bool IsLetters(ReadOnlySpan<char> s)
    {
        foreach (var c in s) if (!char.IsAsciiLetter(c)) return false;
        return true;
    }
}
