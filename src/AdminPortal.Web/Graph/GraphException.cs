namespace AdminPortal.Web.Graph;

/// <summary>An error answered with Graph's body: { "error": { "code", "message" } }.</summary>
public sealed class GraphException(int status, string code, string message) : Exception(message)
{
    public int Status { get; } = status;
    public string Code { get; } = code;

    public static GraphException BadRequest(string message) => new(400, "Request_BadRequest", message);
    public static GraphException UnsupportedQuery(string message) => new(400, "Request_UnsupportedQuery", message);
}
