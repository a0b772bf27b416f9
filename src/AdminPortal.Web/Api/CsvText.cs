namespace AdminPortal.Web.Api;

/// <summary>How the portal writes a CSV field: quoted when needed, and defused where a spreadsheet would run it as a formula.</summary>
public static class CsvText
{
    public static string Field(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r') value = "'" + value;
        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
    }

    public static string Row(params string?[] fields) => string.Join(',', fields.Select(Field)) + "\n";
}
