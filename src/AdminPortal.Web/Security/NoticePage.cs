using System.Net;

namespace AdminPortal.Web.Security;

/// <summary>The plain page for the few answers given outside the portal's layout (signed out, no access).</summary>
public static class NoticePage
{
    /// <param name="context">The request: its theme cookie, where the admin chose one, colours the page.</param>
    /// <param name="paragraphs">Plain text, encoded here.</param>
    /// <param name="link">An optional way back, shown last.</param>
    public static string Html(HttpContext context, string title, string heading, IEnumerable<string> paragraphs, (string Text, string Href)? link = null) =>
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + WebUtility.HtmlEncode(title) + " · AdminPortal</title>" +
        "<link rel=\"stylesheet\" href=\"/lib/roboto/roboto.css\"><link rel=\"stylesheet\" href=\"/css/app.css\"></head>" +
        $"<body class=\"{Components.Layout.ThemeCookie.StaticPageClass(context)}\"><main>" +
        $"<h1>{WebUtility.HtmlEncode(heading)}</h1>" +
        string.Concat(paragraphs.Select(p => $"<p>{WebUtility.HtmlEncode(p)}</p>")) +
        (link is { } l ? $"<p><a href=\"{WebUtility.HtmlEncode(l.Href)}\">{WebUtility.HtmlEncode(l.Text)}</a></p>" : "") +
        "</main></body></html>";

    /// <summary>The page written as the response, with <paramref name="status"/>: for answers made outside an endpoint.</summary>
    public static Task WriteAsync(HttpContext context, int status, string title, string heading, IEnumerable<string> paragraphs,
        (string Text, string Href)? link = null, CancellationToken ct = default)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/html; charset=utf-8";
        return context.Response.WriteAsync(Html(context, title, heading, paragraphs, link), ct);
    }
}
