using AdminPortal.SyncRules.Directory;
using AdminPortal.SyncRules;
using AdminPortal.SyncRules.Tenants;
using AdminPortal.Web.Graph;

namespace AdminPortal.Web.Security;

/// <summary>
/// Checks that hold for every request before any endpoint reads it: query values are text a database can store;
/// under /graph only the query options AdminPortal implements are accepted (Graph's others would otherwise be
/// ignored in silence, and a script would read an unsorted or uncounted answer as if it were what it asked for).
/// The body's limits are <see cref="BodyLimits"/>'.
/// </summary>
public static class RequestGuards
{
    private const int MaxQueryValueLength = 2048;
    private static readonly HashSet<string> GraphQueryOptions = new(StringComparer.OrdinalIgnoreCase) { "$select", "$top", "$filter", "$skiptoken" };

    public static IApplicationBuilder UseRequestGuards(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        // Sign-in's one query value is where to go afterwards; anything odd there sends the admin home (LocalUrl), not to an error.
        if (context.Request.Path.StartsWithSegments("/signin"))
        {
            await next();
            return;
        }
        var graph = context.Request.Path.StartsWithSegments("/graph");
        foreach (var (name, values) in context.Request.Query)
        {
            if (AttributeRules.TextProblem(name, 64, "A query parameter's name") is { } badName) throw Refusal(graph, "$query", badName);
            foreach (var value in values)
                if (value is not null && AttributeRules.TextProblem(value, MaxQueryValueLength, $"Query parameter '{name}'") is { } problem)
                    throw Refusal(graph, name, problem);
            if (graph && name.StartsWith('$') && !GraphQueryOptions.Contains(name))
                throw GraphException.UnsupportedQuery(
                    $"Query option '{name}' is not supported by AdminPortal's Graph API. Supported: {string.Join(", ", GraphQueryOptions)}.");
        }
        await next();
    });

    internal static Exception Refusal(bool graph, string field, string message) =>
        graph ? GraphException.BadRequest(message) : new InputValidationException(new Dictionary<string, string[]> { [field] = [message] });
}
