namespace AdminPortal.Web.Components.Layout;

/// <summary>The light or dark theme of one browser: the layout toggles it, the app script remembers it in a cookie.</summary>
public sealed class ThemeChoice(bool dark)
{
    public bool Dark { get; set; } = dark;
}

/// <summary>The cookie the theme is remembered in, so that the first, server-rendered paint already has it (no flash of
/// light): written in the browser when the admin toggles (app.js sets what <see cref="For"/> answers), read when the
/// document is rendered.</summary>
public static class ThemeCookie
{
    public const string Name = "AdminPortal.Theme";

    /// <summary>The cookie as document.cookie takes it: for the whole site, a year.</summary>
    public static string For(bool dark) => $"{Name}={(dark ? "dark" : "light")}; path=/; max-age=31536000; samesite=lax";

    public static bool IsDark(HttpContext? context) => context?.Request.Cookies[Name] == "dark";

    /// <summary>
    /// The body class of a static page (sign-in, signed out, the notices): the theme the admin chose where the cookie
    /// says one, else none, and the page follows the system's scheme.
    /// </summary>
    public static string StaticPageClass(HttpContext? context) => context?.Request.Cookies[Name] switch
    {
        "dark" => "ap-static ap-dark",
        "light" => "ap-static ap-light",
        _ => "ap-static",
    };
}
