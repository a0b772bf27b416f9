using System.Runtime.CompilerServices;
using System.Text;
using AdminPortal.SyncRules.Directory;
using Sylvan.Data.Csv;

namespace AdminPortal.ActiveDirectory.Csv;

/// <summary>
/// Reads a CSV export as <c>csvde -f export.csv</c> writes it, row by row through Sylvan's streaming reader: a header of
/// attribute names with DN first, quoting where a value holds a comma, multi-valued attributes joined by ';', binary
/// values as <c>X'hex'</c>, UTF-8 with or without a BOM or UTF-16 LE with its BOM (<c>csvde -u</c>). An empty field is
/// an attribute the entry does not have. Anything else is refused with the row it is on (the header is row 1).
/// </summary>
public static class CsvdeReader
{
    // Attributes csvde joins with ';' because the directory holds several values. Only these are split: a single value
    // may hold a ';' of its own (a display name "Smith; John").
    private static readonly HashSet<string> MultiValued = new(StringComparer.OrdinalIgnoreCase)
    {
        "objectClass", "proxyAddresses", "member", "memberOf", "otherMailbox", "otherTelephone", "otherHomePhone", "otherMobile",
        "servicePrincipalName", "url", "wWWHomePage", "showInAddressBook", "msExchExtensionCustomAttribute1", "userCertificate",
    };

    /// <summary>Longest row accepted, in characters; a longer one is refused rather than buffered.</summary>
    public const int MaxRowCharacters = 4 * 1024 * 1024;

    public static IAsyncEnumerable<DirectoryEntry> ReadAsync(Stream file, CancellationToken ct = default) => ReadAsync(file, null, ct);

    /// <summary>The entries with only the attributes named in <paramref name="only"/> (all when null); every field is still checked.</summary>
    public static async IAsyncEnumerable<DirectoryEntry> ReadAsync(Stream file, IEnumerable<string>? only, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var kept = only?.ToHashSet(StringComparer.OrdinalIgnoreCase);
        using var text = new StreamReader(file, new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true);
        var options = new CsvDataReaderOptions { HasHeaders = true, Delimiter = ',', MaxBufferSize = MaxRowCharacters };
        CsvDataReader csv;
        try { csv = await CsvDataReader.CreateAsync(text, options, ct); }
        catch (Exception e) when (IsMalformed(e))
        {
            throw new CsvdeFormatException(1, Describe(e));
        }
        await using var _ = csv;
        var names = Enumerable.Range(0, csv.FieldCount).Select(csv.GetName).ToArray();
        if (names.Length == 0 || !names[0].Equals("DN", StringComparison.OrdinalIgnoreCase))
            throw new CsvdeFormatException(1, "The header must start with DN, as csvde writes it.");
        if (names.GroupBy(n => n, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw new CsvdeFormatException(1, $"The header names '{AttributeRules.Shorten(twice.Key)}' twice.");
        var row = 1;
        var entry = new DirectoryEntry.Builder();
        while (true)
        {
            try
            {
                if (!await csv.ReadAsync(ct)) break;
            }
            catch (Exception e) when (IsMalformed(e))
            {
                throw new CsvdeFormatException(row + 1, Describe(e));
            }
            row++;
            if (csv.RowFieldCount != names.Length)
                throw new CsvdeFormatException(row, $"It has {csv.RowFieldCount} fields; the header names {names.Length}.");
            var dn = csv.GetString(0);
            if (dn.Length == 0) throw new CsvdeFormatException(row, "Its DN is empty.");
            for (var i = 1; i < names.Length; i++)
            {
                var field = csv.GetString(i);
                if (field.Length == 0) continue;
                if (kept?.Contains(names[i]) == false)
                {
                    Value(field, row, names[i]);
                    continue;
                }
                foreach (var value in MultiValued.Contains(names[i]) ? field.Split(';') : [field]) entry.Add(names[i], Value(value, row, names[i]));
            }
            yield return entry.Build(dn, row);
        }
    }

    /// <summary>A binary value as X'hex' (csvde's form for objectGUID and other octet strings), else UTF-16 text kept as UTF-8.</summary>
    private static EntryValue Value(string field, int row, string name)
    {
        if (field.Length >= 3 && field[0] is 'X' or 'x' && field[1] == '\'' && field[^1] == '\'')
        {
            try { return new EntryValue(Convert.FromHexString(field.AsSpan(2, field.Length - 3))); }
            catch (FormatException) { throw new CsvdeFormatException(row, $"The binary value of '{name}' is not X'hex'."); }
        }
        return new EntryValue(field);
    }

    /// <summary>What the file's bytes can make the reader throw: not CSV, not text, or a row too long to buffer.</summary>
    private static bool IsMalformed(Exception e) => e is CsvFormatException or DecoderFallbackException or CsvRecordTooLargeException;

    private static string Describe(Exception e) => e switch
    {
        DecoderFallbackException => "The file is neither UTF-8 nor UTF-16 with a byte order mark, as csvde writes it.",
        CsvRecordTooLargeException => $"A row is longer than {MaxRowCharacters:N0} characters.",
        _ => $"It is not valid CSV: {e.Message}",
    };
}

/// <summary>The file is not CSV as csvde writes it; the message names the row (the header is row 1).</summary>
public sealed class CsvdeFormatException(int row, string problem) : ExportFileException($"row {row}", problem)
{
    public int Row { get; } = row;
}
