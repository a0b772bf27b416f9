using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Html;

namespace AdminPortal.Web.Components.Shared;

/// <summary>
/// Markup written as one string, for the cells of large grids: a markup frame is one render-tree frame where the same
/// elements written in Razor are one frame per element, attribute and text, and every open page holds two copies of
/// each row's frames on the server. The format is trusted markup; every argument is HTML-encoded
/// (<see cref="HtmlFormattableString"/>), so data cannot become markup.
/// </summary>
public static class SafeHtml
{
    // Encodes what HTML needs (<, >, &, quotes) and leaves letters of every script as they are.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    public static MarkupString Format(string format, params object?[] args)
    {
        using var writer = new StringWriter();
        new HtmlFormattableString(format, args).WriteTo(writer, Encoder);
        return new MarkupString(writer.ToString());
    }
}
