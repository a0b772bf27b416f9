using AdminPortal.SyncRules.Fixup;

namespace AdminPortal.Web.Components.Pages.Conflicts;

/// <summary>How the portal announces a fix-up run before and after, wherever an admin starts one.</summary>
public static class FixupWording
{
    public const string Title = "Run fix-up now";
    public const string Button = "Run fix-up";

    public const string Effect = "Restores every quarantined value of this tenant whose conflict is gone, without waiting for the hourly run. "
        + "Values still held by another object stay quarantined.";

    public static string Result(IReadOnlyList<ReleasedValue> released) =>
        released.Count == 0 ? "Fix-up ran; no value was free to restore." : $"Fix-up restored {released.Count} value(s).";
}
