using MudBlazor;

namespace AdminPortal.Web.Components.Layout;

/// <summary>The portal's light and dark palettes: MudBlazor's defaults, with text greys dark (light) or light (dark)
/// enough for WCAG AA contrast on their backgrounds, which axe checks in both themes.</summary>
public static class PortalTheme
{
    public static readonly MudTheme Instance = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1f5fbf",
            AppbarBackground = "#1b2a41",
            DrawerBackground = "#ffffff",
            Background = "#f5f6f8",
            TextSecondary = "#4a5160",
            Secondary = "#4a5160",
            Warning = "#a35200",
            Success = "#1b6e20",
            Info = "#0b63a5",
            Error = "#c62828",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#82b1ff",
            AppbarBackground = "#151b26",
            Background = "#1a1f2b",
            Surface = "#232a38",
            DrawerBackground = "#1f2532",
            TextPrimary = "#e8eaef",
            TextSecondary = "#b8bfcc",
            Secondary = "#b8bfcc",
            Warning = "#ffb74d",
            Success = "#81c784",
            Info = "#64b5f6",
            Error = "#ef9a9a",
            // The dark palette's colours are light: text on them (filled buttons and chips) is dark to stay readable.
            PrimaryContrastText = "#0d1b33",
            SecondaryContrastText = "#15181f",
            SuccessContrastText = "#0b1f0d",
            WarningContrastText = "#2b1a00",
            InfoContrastText = "#06213a",
            ErrorContrastText = "#3b0b0b",
        },
    };
}
