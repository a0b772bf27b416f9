using AdminPortal.SyncRules.Changes;
using AdminPortal.SyncRules.Directory;
using AdminPortal.SyncRules.Audit;
using AdminPortal.SyncRules.Ports;

namespace AdminPortal.SyncRules.Access;

/// <summary>Issuing, revoking and checking access keys; every issue and revocation is audited.</summary>
public sealed class AccessKeyService(IAccessKeyStore store, TimeProvider clock, IChangeFeed? feed = null)
{
    public static readonly string[] AssignableRoles = ["Portal.Reader", "Portal.Operator", "Portal.Admin", "Portal.SyncClient"];

    /// <summary>Issues a key; the returned secret is shown once and never stored.</summary>
    public async Task<(AccessKey Key, string Secret)> IssueAsync(string? name, string? role, Guid? tenantId, string actor, CancellationToken ct)
    {
        if (AttributeRules.RequiredTextProblem(name?.Trim(), AttributeRules.MaxAccessKeyNameLength, "The key's name") is { } problem)
            throw new DomainException("InvalidKeyName", $"{problem} Give the key a name that says who uses it.");
        if (role is null || !AssignableRoles.Contains(role)) throw new DomainException("InvalidRole", $"The role must be one of {string.Join(", ", AssignableRoles)}.");
        var secret = AccessKey.NewSecret();
        var now = clock.GetUtcNow();
        var key = new AccessKey(Guid.CreateVersion7(), name!.Trim(), secret[..10], AccessKey.HashOf(secret), role, tenantId, actor, now);
        await store.AddAsync(key, AuditEvent.Create(tenantId, actor, "accessKey.issue", $"accessKey/{key.Id}", null,
            new { key.Name, key.Role, key.TenantId, key.Prefix }, now), ct);
        feed?.Publish(new DirectoryChange(tenantId, ChangeKind.AccessKey));
        return (key, secret);
    }

    public Task<IReadOnlyList<AccessKey>> ListAsync(CancellationToken ct) => store.ListAsync(ct);

    public async Task RevokeAsync(Guid id, string actor, CancellationToken ct)
    {
        var key = await store.FindAsync(id, ct) ?? throw new NotFoundException($"Access key {id}");
        if (key.IsRevoked) throw new DomainException("AlreadyRevoked", $"The key '{key.Name}' was already revoked by {key.RevokedBy}.");
        var now = clock.GetUtcNow();
        await store.RevokeAsync(id, actor, now, AuditEvent.Create(key.TenantId, actor, "accessKey.revoke", $"accessKey/{id}",
            new { key.Name, revoked = false }, new { key.Name, revoked = true }, now), ct);
        feed?.Publish(new DirectoryChange(key.TenantId, ChangeKind.AccessKey));
    }

    /// <summary>True while the key exists and is not revoked (a live portal connection opened with it is checked again so).</summary>
    public async Task<bool> IsActiveAsync(Guid id, CancellationToken ct) => await store.FindAsync(id, ct) is { IsRevoked: false };

    /// <summary>The live key for a presented secret, or null. Notes its use (at most once a minute, to spare the database).</summary>
    public async Task<AccessKey?> AuthenticateAsync(string secret, CancellationToken ct)
    {
        if (!secret.StartsWith(AccessKey.SecretPrefix, StringComparison.Ordinal)) return null;
        var key = await store.FindByHashAsync(AccessKey.HashOf(secret), ct);
        if (key is null || key.IsRevoked) return null;
        var now = clock.GetUtcNow();
        if (key.LastUsedDateTime is not { } last || now - last > TimeSpan.FromMinutes(1)) await store.TouchAsync(key.Id, now, ct);
        return key;
    }
}
