namespace AdminPortal.Web.Api;

/// <summary>The @odata.nextLink of a paged list: this request's own address with its paging parameter set to the next value.</summary>
public static class NextLink
{
    public static string? For(HttpRequest request, string parameter, string? next)
    {
        if (next is null) return null;
        var query = request.Query.Where(q => q.Key != parameter)
            .Select(q => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(q.Value.ToString())}")
            .Append($"{Uri.EscapeDataString(parameter)}={Uri.EscapeDataString(next)}");
        return $"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}?{string.Join("&", query)}";
    }
}
