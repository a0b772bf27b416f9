namespace AdminPortal.Web.Components.Layout;

/// <summary>The light or dark theme of one browser: the layout toggles it, the app script remembers it in a cookie.</summary>
public sealed class ThemeChoice(bool dark)
{
    public bool Dark { get; set; } = dark;
}

/// <summary>The cookie the theme is remembered in (written by app.js), read when the document is rendered.</summary>
public static class ThemeCookie
{
    public const string Name = "AdminPortal.Theme";

    public static bool IsDark(HttpContext? context) => context?.Request.Cookies[Name] == "dark";
}
