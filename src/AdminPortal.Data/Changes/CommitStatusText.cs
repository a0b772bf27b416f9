using System.Globalization;
using AdminPortal.SyncRules.Changes;

namespace AdminPortal.Data.Changes;

/// <summary>
/// A commit's status as a change notice carries it through the database, in NOTIFY's payload or a notice row's column:
/// "run|written|objects|started (Unix milliseconds)|ended (0 or 1)". Read back, anything else is no status (another
/// version's notice), never an error.
/// </summary>
internal static class CommitStatusText
{
    public static string Write(CommitStatus s) => string.Join('|', s.RunId.ToString("N"), s.Written.ToString(CultureInfo.InvariantCulture),
        s.Objects.ToString(CultureInfo.InvariantCulture), s.Started.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture), s.Ended ? "1" : "0");

    public static CommitStatus? Read(string? text)
    {
        if (text?.Split('|') is not [var run, var written, var objects, var started, var ended]) return null;
        return Guid.TryParseExact(run, "N", out var runId)
            && int.TryParse(written, NumberStyles.None, CultureInfo.InvariantCulture, out var w)
            && int.TryParse(objects, NumberStyles.None, CultureInfo.InvariantCulture, out var o)
            && long.TryParse(started, NumberStyles.None, CultureInfo.InvariantCulture, out var ms) && ended is "0" or "1"
            ? new CommitStatus(runId, w, o, DateTimeOffset.FromUnixTimeMilliseconds(ms), ended == "1")
            : null;
    }
}
