using System.Security.Cryptography;
using System.Text;

namespace AdminPortal.SyncRules.Access;

/// <summary>A key a script authenticates with: stored only as a hash, scoped to one role and optionally one tenant.</summary>
public sealed record AccessKey(
    Guid Id,
    string Name,
    string Prefix,
    string Hash,
    string Role,
    Guid? TenantId,
    string CreatedBy,
    DateTimeOffset CreatedDateTime,
    string? RevokedBy = null,
    DateTimeOffset? RevokedDateTime = null,
    DateTimeOffset? LastUsedDateTime = null)
{
    public const string SecretPrefix = "apk_";

    public bool IsRevoked => RevokedDateTime is not null;

    /// <summary>SHA-256 of the secret: a leaked table gives nobody a usable key. The secret has 256 random bits, so no salt is needed.</summary>
    public static string HashOf(string secret) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    public static string NewSecret() => SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
