namespace AdminPortal.SyncRules.Directory;

/// <summary>
/// One proxy address, e.g. "SMTP:joe@contoso.com" (the primary) or "smtp:j@contoso.com". Uniqueness compares the
/// normalized form: the address type lower-cased with its address, so SMTP: and smtp: of one address collide.
/// The normalized form is computed once: lookups use it many times per object on the sync hot path.
/// </summary>
public readonly record struct ProxyAddress
{
    public ProxyAddress(string value)
    {
        Value = value;
        Normalized = DirectoryValue.Normalize(value);
    }

    public string Value { get; }
    public string Normalized { get; }

    public string Type => Value[..Value.IndexOf(':')];
    public string Address => Value[(Value.IndexOf(':') + 1)..];
    public bool IsSmtp => Normalized.StartsWith("smtp:", StringComparison.Ordinal);

    /// <summary>The one primary address carries the upper-case SMTP prefix.</summary>
    public bool IsPrimarySmtp => Value.StartsWith("SMTP:", StringComparison.Ordinal);

    public static ProxyAddress PrimarySmtp(string address) => new("SMTP:" + address);

    public bool Equals(ProxyAddress other) => string.Equals(Value, other.Value, StringComparison.Ordinal);
    public override int GetHashCode() => Value?.GetHashCode(StringComparison.Ordinal) ?? 0;
    public override string ToString() => Value;
}
