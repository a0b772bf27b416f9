using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc.Routing;
using Microsoft.AspNetCore.Routing;

namespace AdminPortal.Web.Security;

/// <summary>Where a sign-in may send the admin afterwards: a path of this site, by the framework's own check, or home.</summary>
public static class LocalUrl
{
    public static string OrHome(HttpContext context, string? url)
    {
        var helper = new UrlHelper(new ActionContext(context, context.GetRouteData(), new ActionDescriptor()));
        // The framework's check refuses other hosts, "//", "/\" and control characters; a Location header also
        // cannot carry non-ASCII text, so anything beyond printable ASCII goes home too.
        return url is not null && helper.IsLocalUrl(url) && !url.AsSpan().ContainsAnyExceptInRange('\u0021', '\u007e') ? url : "/";
    }
}
