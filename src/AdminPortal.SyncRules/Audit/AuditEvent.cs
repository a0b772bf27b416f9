using System.Text.Json;

namespace AdminPortal.SyncRules.Audit;

/// <summary>Who changed what, when, with the state before and after (JSON), for every admin change.</summary>
public sealed record AuditEvent(
    Guid Id,
    Guid? TenantId,
    string Actor,
    string Action,
    string Target,
    string? Before,
    string? After,
    DateTimeOffset OccurredDateTime)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static AuditEvent Create(Guid? tenantId, string actor, string action, string target, object? before, object? after, DateTimeOffset now) =>
        new(Guid.CreateVersion7(), tenantId, actor, action, target,
            before is null ? null : JsonSerializer.Serialize(before, Json),
            after is null ? null : JsonSerializer.Serialize(after, Json), now);
}
