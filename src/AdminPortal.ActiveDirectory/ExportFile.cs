using AdminPortal.ActiveDirectory.Csv;
using AdminPortal.ActiveDirectory.Ldif;
using AdminPortal.SyncRules;

namespace AdminPortal.ActiveDirectory;

/// <summary>The two files an admin makes of a directory on a domain controller.</summary>
public enum ExportFormat
{
    /// <summary><c>ldifde -f export.ldf</c></summary>
    Ldif,
    /// <summary><c>csvde -f export.csv</c></summary>
    Csv,
}

/// <summary>An export file read entry by entry, whichever format it is in.</summary>
public static class ExportFile
{
    /// <summary>The entries with only the attributes named in <paramref name="only"/> (all when null); every value is still checked.</summary>
    public static IAsyncEnumerable<DirectoryEntry> ReadAsync(Stream file, ExportFormat format, IEnumerable<string>? only = null, CancellationToken ct = default) => format switch
    {
        ExportFormat.Ldif => LdifReader.ReadAsync(file, only, ct),
        ExportFormat.Csv => CsvdeReader.ReadAsync(file, only, ct),
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };
}

/// <summary>
/// A file that is not what its format says: refused as invalid input, the message starting with where ("line 12",
/// "row 3") and saying what is wrong. Nothing of a refused file is used.
/// </summary>
public abstract class ExportFileException(string where, string problem) : DomainException("InvalidExportFile", $"{where}: {problem}")
{
    public string Problem { get; } = problem;
}
