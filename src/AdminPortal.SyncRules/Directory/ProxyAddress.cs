namespace AdminPortal.SyncRules.Directory;

/// <summary>
/// One proxy address, e.g. "SMTP:joe@contoso.com" (the primary) or "smtp:j@contoso.com". Uniqueness compares the
/// normalized form: the address type lower-cased with its address, so SMTP: and smtp: of one address collide.
/// </summary>
public readonly record struct ProxyAddress(string Value)
{
    public string Type => Value[..Value.IndexOf(':')];
    public string Address => Value[(Value.IndexOf(':') + 1)..];
    public bool IsSmtp => Type.Equals("smtp", StringComparison.OrdinalIgnoreCase);

    /// <summary>The one primary address carries the upper-case SMTP prefix.</summary>
    public bool IsPrimarySmtp => Value.StartsWith("SMTP:", StringComparison.Ordinal);

    public string Normalized => Normalize(Value);

    public static string Normalize(string value) => value.ToLowerInvariant();

    public static ProxyAddress PrimarySmtp(string address) => new("SMTP:" + address);

    public override string ToString() => Value;
}
