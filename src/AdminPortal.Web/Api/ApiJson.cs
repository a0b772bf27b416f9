using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using AdminPortal.SyncRules;

namespace AdminPortal.Web.Api;

/// <summary>How the APIs read and write JSON, and how a bad body becomes an error that names the place.</summary>
public static partial class ApiJson
{
    public static readonly JsonSerializerOptions Options = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static JsonSerializerOptions Configure(JsonSerializerOptions o)
    {
        // Enums go out by name; they come in as strings checked by EnumNames, never as numbers.
        o.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        // A misspelt property would otherwise be dropped in silence (a repeated one is refused by StrictJsonStream).
        o.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        return o;
    }

    /// <summary>Reads the body as <typeparamref name="T"/>; malformed JSON throws InputValidationException naming where.</summary>
    public static async Task<T> ReadAsync<T>(HttpRequest request, CancellationToken ct) where T : class
    {
        if (request.ContentType is { } type && !type.Contains("json", StringComparison.OrdinalIgnoreCase))
            throw Invalid("$", $"The body must be JSON (Content-Type application/json), not '{type}'.");
        return await ReadAsync<T>(request.Body, ct);
    }

    /// <summary>Reads a JSON document (a request body, an uploaded export) by the API's rules; malformed JSON throws InputValidationException naming where.</summary>
    public static async Task<T> ReadAsync<T>(Stream body, CancellationToken ct) where T : class
    {
        try
        {
            return await JsonSerializer.DeserializeAsync<T>(new StrictJsonStream(body), Options, ct) ?? throw Invalid("$", "The document is empty or null.");
        }
        catch (JsonException e)
        {
            var field = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "$" : e.Path.TrimStart('$', '.');
            throw Invalid(field, Describe(e));
        }
    }

    /// <summary>A JSON error's message without the path and position the framework appends (the caller names the field).</summary>
    public static string WithoutPath(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        if (cut < 0) cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }

    private static string Describe(JsonException e)
    {
        var message = WithoutPath(e.Message);
        message = TypeName().Replace(message, m => m.Groups[1].Value switch
        {
            "String" => "a string", "Boolean" => "true or false", "Int32" => "a whole number",
            _ when m.Value.Contains("List") || m.Value.Contains("[]") => "an array",
            _ => "an object",
        });
        return e.LineNumber is { } line ? $"{message} (line {line + 1}, position {e.BytePositionInLine + 1})" : message;
    }

    [GeneratedRegex(@"(?:System\.Collections\.Generic\.IReadOnlyList`1\[)?System\.(?:Nullable`1\[)?(?:System\.)?([A-Za-z0-9]+)[^ ]*|AdminPortal\.[A-Za-z.]+")]
    private static partial Regex TypeName();

    public static InputValidationException Invalid(string field, string message) => new(new Dictionary<string, string[]> { [field] = [message] });
}
