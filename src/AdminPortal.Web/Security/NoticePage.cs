using System.Net;

namespace AdminPortal.Web.Security;

/// <summary>The plain page for the few answers given outside the portal's layout (signed out, no access).</summary>
public static class NoticePage
{
    /// <param name="paragraphs">Plain text, encoded here.</param>
    /// <param name="link">An optional way back, shown last.</param>
    public static string Html(string title, string heading, IEnumerable<string> paragraphs, (string Text, string Href)? link = null) =>
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + WebUtility.HtmlEncode(title) + " · AdminPortal</title>" +
        "<link rel=\"stylesheet\" href=\"/lib/roboto/roboto.css\"><link rel=\"stylesheet\" href=\"/css/app.css\"></head><body class=\"ap-static\"><main>" +
        $"<h1>{WebUtility.HtmlEncode(heading)}</h1>" +
        string.Concat(paragraphs.Select(p => $"<p>{WebUtility.HtmlEncode(p)}</p>")) +
        (link is { } l ? $"<p><a href=\"{WebUtility.HtmlEncode(l.Href)}\">{WebUtility.HtmlEncode(l.Text)}</a></p>" : "") +
        "</main></body></html>";
}
