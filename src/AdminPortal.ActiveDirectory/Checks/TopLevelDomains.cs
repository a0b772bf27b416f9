namespace AdminPortal.ActiveDirectory.Checks;

/// <summary>
/// The internet's top-level domains (the embedded top-level-domains.txt, from the Public Suffix List): a UPN or address
/// under any other suffix (contoso.local, corp.lan) is not routable, and IdFix reports it as TopLevelDomain.
/// </summary>
public static class TopLevelDomains
{
    private static readonly HashSet<string> Known = Load();

    /// <summary>Whether <paramref name="label"/> (without its dot, any case) is a top-level domain.</summary>
    public static bool IsKnown(ReadOnlySpan<char> label) =>
        Known.GetAlternateLookup<ReadOnlySpan<char>>().Contains(label);

    private static HashSet<string> Load()
    {
        using var stream = typeof(TopLevelDomains).Assembly.GetManifestResourceStream("top-level-domains.txt")
            ?? throw new InvalidOperationException("The embedded list top-level-domains.txt is missing from the build.");
        using var reader = new StreamReader(stream);
        var set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        while (reader.ReadLine() is { } line)
            if (line.Length > 0 && line[0] != '#') set.Add(line.Trim());
        return set;
    }
}
