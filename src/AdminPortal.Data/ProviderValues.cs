namespace AdminPortal.Data;

/// <summary>
/// Converts values for hand-written ADO commands exactly as EF stores them on each provider, so rows written by the
/// bulk writer and rows written by EF are indistinguishable (SQLite: Guid as upper-case text, times as UTC ticks).
/// </summary>
internal static class ProviderValues
{
    public static object Of(DatabaseProvider provider, object? value) => value switch
    {
        null => DBNull.Value,
        Guid g when provider == DatabaseProvider.Sqlite => g.ToString().ToUpperInvariant(),
        DateTimeOffset t when provider == DatabaseProvider.Sqlite => t.UtcTicks,
        DateTimeOffset t => t.ToUniversalTime(),
        bool b when provider == DatabaseProvider.Sqlite => b ? 1L : 0L,
        Enum e => Convert.ToInt32(e),
        _ => value,
    };
}
