using System.Security.Cryptography;
using System.Text;
using AdminPortal.SyncRules.Directory;

namespace AdminPortal.SyncRules.Sync;

/// <summary>A batch that passed validation: every object typed, trimmed and ready for the rules.</summary>
public sealed record ValidatedBatch(SyncMode Mode, IReadOnlyList<ExportedObject> Objects);

/// <summary>One validated on-premises object.</summary>
public sealed record ExportedObject(
    int Index,
    ObjectType Type,
    string SourceAnchor,
    string DisplayName,
    string? UserPrincipalName,
    string? MailNickname,
    string? Mail,
    IReadOnlyList<ProxyAddress> ProxyAddresses,
    string? DistinguishedName,
    bool MailEnabled,
    bool IsDeleted)
{
    public string? PrimarySmtpNormalized => ProxyAddresses.FirstOrDefault(p => p.IsPrimarySmtp) is { Value: not null } p ? p.Normalized : null;

    public bool CanSoftMatch => Type != ObjectType.Group || MailEnabled;

    /// <summary>A stable fingerprint of every synced attribute; the same export twice gives the same hash.</summary>
    public string ComputeSourceHash()
    {
        var text = new StringBuilder()
            .Append((int)Type).Append('\u001f').Append(DisplayName).Append('\u001f').Append(UserPrincipalName)
            .Append('\u001f').Append(MailNickname).Append('\u001f').Append(Mail).Append('\u001f').Append(DistinguishedName)
            .Append('\u001f').Append(MailEnabled);
        foreach (var p in ProxyAddresses) text.Append('\u001e').Append(p.Value);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()), hash);
        return Convert.ToBase64String(hash[..18]);
    }
}
