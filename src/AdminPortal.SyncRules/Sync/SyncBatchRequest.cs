namespace AdminPortal.SyncRules.Sync;

/// <summary>A sync client's export as it arrives (docs/api.md, "The sync API"); nothing is trusted until validated.</summary>
public sealed record SyncBatchRequest(string? Mode, IReadOnlyList<IncomingObject?>? Objects);

/// <summary>One exported object as the sync client sent it.</summary>
public sealed record IncomingObject
{
    public string? ObjectType { get; init; }
    public string? SourceAnchor { get; init; }
    public string? DisplayName { get; init; }
    public string? UserPrincipalName { get; init; }
    public string? MailNickname { get; init; }
    public string? Mail { get; init; }
    public IReadOnlyList<string?>? ProxyAddresses { get; init; }
    public string? OnPremisesDistinguishedName { get; init; }
    public bool? MailEnabled { get; init; }
    public bool? IsDeleted { get; init; }
}

public enum SyncMode { Delta, Full }
