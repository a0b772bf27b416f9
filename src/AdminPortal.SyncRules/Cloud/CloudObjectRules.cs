using AdminPortal.SyncRules.Directory;
using AdminPortal.SyncRules.Sync;
using AdminPortal.SyncRules.Tenants;

namespace AdminPortal.SyncRules.Cloud;

/// <summary>A cloud write's values checked by the same attribute rules a sync batch's are, each error under its Graph property name.</summary>
internal static class CloudObjectRules
{
    public static void Check(NewCloudObject o)
    {
        var errors = new Dictionary<string, string[]>();
        Add(errors, "displayName", AttributeRules.DisplayNameProblem(o.DisplayName));
        if (o.Type == ObjectType.User)
            Add(errors, "userPrincipalName", o.UserPrincipalName is null ? "userPrincipalName is required for a user." : AttributeRules.UpnProblem(o.UserPrincipalName));
        CheckOptional(errors, o.Mail, o.MailNickname, o.ProxyAddresses, o.OnPremisesImmutableId);
        ThrowIfAny(errors);
    }

    public static void Check(CloudObjectPatch p)
    {
        var errors = new Dictionary<string, string[]>();
        if (p.DisplayName is not null) Add(errors, "displayName", AttributeRules.DisplayNameProblem(p.DisplayName));
        if (p.UserPrincipalName is not null) Add(errors, "userPrincipalName", AttributeRules.UpnProblem(p.UserPrincipalName));
        CheckOptional(errors, p.Mail, p.MailNickname, p.ProxyAddresses, p.OnPremisesImmutableId);
        ThrowIfAny(errors);
    }

    private static void CheckOptional(Dictionary<string, string[]> errors, string? mail, string? nickname, IReadOnlyList<string>? proxies, string? immutableId)
    {
        if (mail is not null) Add(errors, "mail", AttributeRules.MailProblem(mail));
        if (nickname is not null) Add(errors, "mailNickname", AttributeRules.MailNicknameProblem(nickname));
        if (immutableId is not null) Add(errors, "onPremisesImmutableId", AttributeRules.SourceAnchorProblem(immutableId, "onPremisesImmutableId"));
        if (proxies is not null && BatchValidator.ProxyAddressErrors(proxies.ToList<string?>(), "proxyAddresses") is { } proxyErrors)
            foreach (var (field, messages) in proxyErrors) errors[field] = messages;
    }

    private static void Add(Dictionary<string, string[]> errors, string field, string? problem)
    {
        if (problem is not null) errors[field] = [problem];
    }

    private static void ThrowIfAny(Dictionary<string, string[]> errors)
    {
        if (errors.Count > 0) throw new InputValidationException(errors);
    }
}
