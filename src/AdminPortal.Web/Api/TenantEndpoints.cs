using AdminPortal.SyncRules.Features;
using AdminPortal.SyncRules.Tenants;
using AdminPortal.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AdminPortal.Web.Api;

public sealed record TenantDto(Guid Id, string DisplayName, string InitialDomain, DateTimeOffset CreatedDateTime,
    IReadOnlyList<VerifiedDomainDto> VerifiedDomains, IReadOnlyDictionary<string, bool> Features)
{
    public static TenantDto From(Tenant t) => new(t.Id, t.DisplayName, t.InitialDomain, t.CreatedDateTime,
        t.VerifiedDomains.Select(d => new VerifiedDomainDto(d.Name, d.Authentication.ToString(), d.Name == t.InitialDomain)).ToList(),
        t.Features.States.ToDictionary(s => FeatureCatalog.Get(s.Feature).GraphName, s => s.Enabled));
}

public sealed record VerifiedDomainDto(string Name, string AuthenticationType, bool IsInitial);

public sealed record ListDto<T>(IReadOnlyList<T> Value)
{
    [System.Text.Json.Serialization.JsonPropertyName("@odata.nextLink")]
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? NextLink { get; init; }
}

public static class TenantEndpoints
{
    public static void MapTenantEndpoints(this IEndpointRouteBuilder app)
    {
        var tenants = app.MapGroup("/api/tenants").WithTags("Tenants");
        tenants.MapPost("", CreateAsync).TakesBody().RequireAuthorization(Policies.Administer);
        tenants.MapGet("", ListAsync).RequireAuthorization(Policies.Read);
        tenants.MapGet("/{tenantId:guid}", GetAsync).RequireAuthorization(Policies.Read);
    }

    private static async Task<Created<TenantDto>> CreateAsync(HttpRequest request, TenantService service, CancellationToken ct)
    {
        var body = await ApiJson.ReadAsync<NewTenant>(request, ct);
        var tenant = await service.CreateAsync(body, request.HttpContext.User.Identity!.Name!, ct);
        return TypedResults.Created($"/api/tenants/{tenant.Id}", TenantDto.From(tenant));
    }

    private static async Task<Ok<ListDto<TenantDto>>> ListAsync(TenantService service, CancellationToken ct) =>
        TypedResults.Ok(new ListDto<TenantDto>((await service.ListAsync(ct)).Select(TenantDto.From).ToList()));

    private static async Task<Ok<TenantDto>> GetAsync(Guid tenantId, TenantService service, CancellationToken ct) =>
        TypedResults.Ok(TenantDto.From(await service.GetAsync(tenantId, ct)));
}
