using AdminPortal.SyncRules.Sync;

namespace AdminPortal.SyncRules.Directory;

/// <summary>
/// The one set of rules for directory attribute values (lengths and characters as Entra documents them), used by the
/// sync API, the Graph API and the portal alike, and by the store for its column sizes. Each check returns why a value
/// is refused, or null when it is fine.
/// </summary>
public static class AttributeRules
{
    public const int MaxSourceAnchorLength = 256;
    public const int MaxDisplayNameLength = 256;
    public const int MaxMailNicknameLength = 64;
    public const int MaxUpnLength = 113;
    public const int MaxUpnPrefixLength = 64;
    public const int MaxMailLength = 256;
    public const int MaxProxyAddressLength = 1024;
    public const int MaxProxyAddressesPerObject = 1000;
    public const int MaxDistinguishedNameLength = 2048;
    /// <summary>Free text an operator writes in the portal about a conflict.</summary>
    public const int MaxNoteLength = 1024;
    public const int MaxAccessKeyNameLength = 100;
    public const int MaxRoleDefinitionIdLength = 64;

    /// <summary>
    /// Length, no control characters and well-formed UTF-16 (a lone surrogate cannot be stored as UTF-8 and is
    /// never a real name): the floor every stored string stands on.
    /// </summary>
    public static string? TextProblem(string value, int max, string name)
    {
        if (value.Length > max) return $"{name} is {value.Length} characters long; at most {max} are allowed.";
        var span = value.AsSpan();
        if (span.IndexOfAnyInRange('\u0000', '\u001f') >= 0 || span.IndexOfAnyInRange('\u007f', '\u009f') >= 0)
            return $"{name} contains control characters.";
        if (!IsWellFormed(span)) return $"{name} is not valid Unicode text (it holds an unpaired surrogate).";
        return null;
    }

    /// <summary>An operator's note: text of one or more lines, not blank.</summary>
    public static string? NoteProblem(string? note)
    {
        if (string.IsNullOrWhiteSpace(note)) return "The note must say what is to be fixed.";
        // Line breaks and tabs are part of a note; every other control character is refused as anywhere else.
        return TextProblem(note.Replace('\n', ' ').Replace('\r', ' ').Replace('\t', ' '), MaxNoteLength, "The note");
    }

    /// <summary>A required name: text that is not blank.</summary>
    public static string? RequiredTextProblem(string? value, int max, string name) =>
        string.IsNullOrWhiteSpace(value) ? $"{name} is required." : TextProblem(value, max, name);

    public static string? DisplayNameProblem(string? value) => RequiredTextProblem(value, MaxDisplayNameLength, "displayName");

    public static string? SourceAnchorProblem(string? value, string name = "sourceAnchor") => RequiredTextProblem(value, MaxSourceAnchorLength, name);

    public static string? DistinguishedNameProblem(string value) => TextProblem(value, MaxDistinguishedNameLength, "onPremisesDistinguishedName");

    public static string? MailNicknameProblem(string value)
    {
        if (value.Length > MaxMailNicknameLength) return $"mailNickname is {value.Length} characters long; at most {MaxMailNicknameLength} are allowed.";
        return Syntax.IsNickname(value) ? null : "mailNickname may hold only letters, digits and the characters allowed before an @.";
    }

    /// <summary>Why a UPN is not valid, or null when it is.</summary>
    public static string? UpnProblem(string upn)
    {
        if (upn.Length > MaxUpnLength) return $"userPrincipalName is {upn.Length} characters long; at most {MaxUpnLength} are allowed.";
        var at = upn.LastIndexOf('@');
        if (at <= 0 || at != upn.IndexOf('@')) return $"userPrincipalName '{Shorten(upn)}' must be of the form prefix@domain with exactly one @.";
        var prefix = upn[..at];
        if (prefix.Length > MaxUpnPrefixLength) return $"The userPrincipalName prefix is {prefix.Length} characters long; at most {MaxUpnPrefixLength} are allowed.";
        if (!Syntax.IsLocalPart(prefix)) return $"userPrincipalName '{Shorten(upn)}' has a prefix with characters that are not allowed, or a leading, trailing or doubled dot.";
        if (!Syntax.IsDomain(upn.AsSpan(at + 1))) return $"userPrincipalName '{Shorten(upn)}' does not end in a valid domain name.";
        return null;
    }

    /// <summary>Why a mail address is not valid, or null when it is.</summary>
    public static string? MailProblem(string mail) => EmailProblem(mail, MaxMailLength, "mail");

    public static string? EmailProblem(string value, int max, string what)
    {
        if (value.Length > max) return $"{what} is {value.Length} characters long; at most {max} are allowed.";
        var at = value.LastIndexOf('@');
        if (at <= 0 || !Syntax.IsLocalPart(value.AsSpan(0, at)) || !Syntax.IsDomain(value.AsSpan(at + 1)))
            return $"{what} '{Shorten(value)}' is not a valid e-mail address.";
        return null;
    }

    /// <summary>A value as it may be quoted back in a message: short, and with nothing that could break a line.</summary>
    public static string Shorten(string s)
    {
        var cut = s.Length <= 60 ? s : s[..(char.IsHighSurrogate(s[56]) ? 56 : 57)] + "...";
        return cut.AsSpan().IndexOfAnyInRange('\u0000', '\u001f') >= 0 || !IsWellFormed(cut) ? "(a value with characters that cannot be shown)" : cut;
    }

    private static bool IsWellFormed(ReadOnlySpan<char> s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            if (!char.IsSurrogate(s[i])) continue;
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) { i++; continue; }
            return false;
        }
        return true;
    }
}
