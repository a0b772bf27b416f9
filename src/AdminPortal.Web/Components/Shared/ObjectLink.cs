using AdminPortal.SyncRules.ReadModels;
using Microsoft.AspNetCore.Components;

namespace AdminPortal.Web.Components.Shared;

/// <summary>The link to an object with its type and whether it is synced, in MudBlazor's typography classes.</summary>
public static class ObjectLink
{
    private static readonly MarkupString Nobody = SafeHtml.Format("<span class=\"mud-typography mud-typography-body2 mud-secondary-text\">— nobody —</span>");

    /// <summary>One markup frame (<see cref="SafeHtml"/>): the conflicts grid has two of these in each of its 50 rows.</summary>
    public static MarkupString Html(Guid tenantId, ObjectRef? o) => o is null ? Nobody : SafeHtml.Format(
        "<a href=\"/tenants/{0}/objects/{1}\" class=\"mud-typography mud-link mud-primary-text mud-link-underline-hover mud-typography-body1\">{2}</a>"
        + "<span class=\"mud-typography mud-typography-caption mud-secondary-text d-block\">{3} · {4}</span>",
        tenantId, o.Id, o.DisplayName, o.Type.ToString().ToLowerInvariant(), o.SyncEnabled ? "synced" : "cloud-only");
}
