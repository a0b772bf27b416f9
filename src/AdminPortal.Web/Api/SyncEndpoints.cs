using AdminPortal.SyncRules.ReadModels;
using System.Text.Json;
using AdminPortal.SyncRules.Directory;
using AdminPortal.SyncRules.Features;
using AdminPortal.SyncRules.Fixup;
using AdminPortal.SyncRules.Tenants;
using AdminPortal.SyncRules.Sync;
using AdminPortal.SyncRules.SyncClients;
using AdminPortal.Web.Graph;
using AdminPortal.Web.Hosting;
using AdminPortal.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AdminPortal.Web.Api;

public sealed record BatchResponse(Guid BatchId, IReadOnlyList<ObjectResultDto> Results, OutcomeCounts Counts);

public sealed record ObjectResultDto(string SourceAnchor, string ObjectType, Guid? ObjectId, ObjectOutcome Outcome, MatchRule? MatchedBy,
    IReadOnlyList<SyncError> Errors, IReadOnlyList<QuarantineNotice> Quarantined, IReadOnlyList<string> Warnings)
{
    public static ObjectResultDto From(ObjectResult r) => new(r.SourceAnchor, r.ObjectType.ToString().ToLowerInvariant(), r.ObjectId,
        r.Outcome, r.MatchedBy, r.Errors, r.Quarantined, r.Warnings);
}

public sealed record BatchDto(Guid Id, SyncMode Mode, DateTimeOffset ReceivedDateTime, string Actor, int ObjectCount, OutcomeCounts Counts)
{
    public static BatchDto From(SyncBatchRecord b) => new(b.Id, b.Mode, b.ReceivedDateTime, b.Actor, b.ObjectCount, b.Counts);
}

public sealed record BatchDetailDto(BatchDto Batch, IReadOnlyList<ObjectResultDto> Results)
{
    [System.Text.Json.Serialization.JsonPropertyName("@odata.nextLink")]
    public string? NextLink { get; init; }
}

public sealed record FixupResponse(IReadOnlyList<ReleasedValue> Released);

/// <summary>The features the sync client owns, as it last reported them: state, who reported it, when.</summary>
public sealed record SyncClientFeaturesDto(IReadOnlyList<SyncClientFeatureDto> Value)
{
    public static SyncClientFeaturesDto Of(Tenant tenant) => new(tenant.Features.States
        .Where(s => s.Definition.Kind == FeatureKind.SyncClientOnly)
        .Select(s => new SyncClientFeatureDto(s.Definition.GraphName, s.Enabled, s.ChangedBy, s.ChangedAt)).ToList());
}

public sealed record SyncClientFeatureDto(string Name, bool Enabled, string? ReportedBy, DateTimeOffset? ReportedDateTime);

/// <summary>A dry run's answer: what the batch would do now, and that nothing was written.</summary>
public sealed record DryRunResponse(bool DryRun, OutcomeCounts Counts, IReadOnlyList<ObjectResultDto> Results,
    IReadOnlyList<MatchHistoryDto> MatchRecords, DeletionGuardDto DeletionGuard)
{
    public static DryRunResponse From(DryRunOutcome simulated) => new(true, simulated.Batch.Counts, simulated.Results.Select(ObjectResultDto.From).ToList(),
        simulated.MatchRecords.Select(m => MatchHistoryDto.From(MatchHistoryEntry.Of(m))).ToList(), DeletionGuardDto.From(simulated.DeletionGuard));
}

/// <summary>The accidental-deletion guard's verdict: with blocked true, the real batch would be refused with 409.</summary>
public sealed record DeletionGuardDto(bool Blocked, int Deletes, int SyncedObjects, string SynchronizationPreventionType, int AlertThreshold)
{
    public static DeletionGuardDto From(DeletionGuardVerdict v) => new(v.Blocks, v.Deletes, v.SyncedObjects,
        JsonNamingPolicy.CamelCase.ConvertName(v.Prevention.Type.ToString()), v.Prevention.AlertThreshold);
}

public static class SyncEndpoints
{
    private const int MaxTop = 1000;

    public static void MapSyncEndpoints(this IEndpointRouteBuilder app)
    {
        var tenant = app.MapGroup("/api/tenants/{tenantId:guid}").WithTags("Sync");
        // A full export is large: this endpoint alone takes bodies up to Sync:MaxRequestBodyMegabytes (the rest, Api:MaxRequestBodyKilobytes).
        var batchLimit = app.ServiceProvider.GetRequiredService<PortalSettings>().MaxRequestBodyBytes;
        tenant.MapPost("/sync/batches", PushAsync).TakesBody().RequireAuthorization(Policies.PushSync)
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(batchLimit));
        tenant.MapGet("/sync/batches", ListAsync).RequireAuthorization(Policies.Read);
        tenant.MapGet("/sync/batches/{batchId:guid}", GetAsync).RequireAuthorization(Policies.Read);
        tenant.MapPost("/fixup", FixupAsync).RequireAuthorization(Policies.Operate);
        tenant.MapPost("/sync/features", ReportFeaturesAsync).TakesBody().RequireAuthorization(Policies.PushSync);
        tenant.MapPost("/sync/client", ReportClientAsync).TakesBody().RequireAuthorization(Policies.PushSync);
        tenant.MapGet("/sync/client", async (Guid tenantId, SyncClientService clients, TimeProvider clock, CancellationToken ct) =>
            TypedResults.Json(SyncClientJson.Of(await clients.GetAsync(tenantId, ct), clock.GetUtcNow()))).RequireAuthorization(Policies.FollowSync);
    }

    /// <summary>
    /// The sync client reports itself and its last export (Graph beta configuration's names); the answer says what the
    /// service asks of it — customerRequestedSynchronizationInterval, which it keeps instead of its own.
    /// </summary>
    private static async Task<IResult> ReportClientAsync(Guid tenantId, HttpRequest request, SyncClientService clients, TimeProvider clock, CancellationToken ct)
    {
        var body = await ApiJson.ReadAsync<SyncClientReportRequest>(request, ct);
        return TypedResults.Json(SyncClientJson.Of(await clients.ReportAsync(tenantId, body, request.HttpContext.User.Identity!.Name!, ct), clock.GetUtcNow()));
    }

    /// <summary>A batch, once read whole, is applied to its end even if the client goes away (see the run commit); a dry run is not.</summary>
    private static async Task<IResult> PushAsync(Guid tenantId, HttpRequest request, SyncService sync, IHostApplicationLifetime lifetime, bool? dryRun,
        CancellationToken ct)
    {
        var body = await ApiJson.ReadAsync<SyncBatchRequest>(request, ct);
        var actor = request.HttpContext.User.Identity!.Name!;
        if (dryRun == true)
        {
            return TypedResults.Ok(DryRunResponse.From(await sync.DryRunAsync(tenantId, body, actor, ct)));
        }
        var outcome = await sync.ApplyBatchAsync(tenantId, body, actor, lifetime.ApplicationStopping);
        return TypedResults.Ok(new BatchResponse(outcome.Batch.Id, outcome.Results.Select(ObjectResultDto.From).ToList(), outcome.Batch.Counts));
    }

    private static async Task<Ok<ListDto<BatchDto>>> ListAsync(Guid tenantId, HttpRequest request, IBatchQueries batches, int? top, int? skip, CancellationToken ct)
    {
        var (t, s) = Paging(top, skip);
        var page = await batches.ListAsync(tenantId, s, t, ct);
        return TypedResults.Ok(new ListDto<BatchDto>(page.Items.Select(BatchDto.From).ToList()) { NextLink = NextLink.For(request, "skip", page.NextSkip?.ToString()) });
    }

    private static async Task<Ok<BatchDetailDto>> GetAsync(Guid tenantId, Guid batchId, HttpRequest request, IBatchQueries batches, int? top, int? skip, CancellationToken ct)
    {
        var (t, s) = Paging(top, skip);
        var detail = await batches.GetAsync(tenantId, batchId, s, t, ct);
        return TypedResults.Ok(new BatchDetailDto(BatchDto.From(detail.Batch), detail.Results.Items.Select(ObjectResultDto.From).ToList())
            { NextLink = NextLink.For(request, "skip", detail.Results.NextSkip?.ToString()) });
    }

    private static async Task<Ok<FixupResponse>> FixupAsync(Guid tenantId, HttpContext context, FixupService fixup, CancellationToken ct) =>
        TypedResults.Ok(new FixupResponse(await fixup.RunAsync(tenantId, context.User.Identity!.Name!, ct)));

    /// <summary>The sync client reports the features it owns, by their Graph names: <c>{ "passwordSyncEnabled": true, … }</c>.</summary>
    private static async Task<Ok<SyncClientFeaturesDto>> ReportFeaturesAsync(Guid tenantId, HttpRequest request, FeatureService features,
        TenantService tenants, CancellationToken ct)
    {
        var body = await ApiJson.ReadAsync<Dictionary<string, bool>>(request, ct);
        var reported = new Dictionary<DirSyncFeature, bool>();
        foreach (var (name, enabled) in body)
            reported[FeatureCatalog.Find(name) is { } d && d.GraphName.Equals(name, StringComparison.OrdinalIgnoreCase) ? d.Feature
                : throw ApiJson.Invalid(name, $"'{AttributeRules.Shorten(name)}' is not a feature's Graph name.")] = enabled;
        await features.ReportBySyncClientAsync(tenantId, reported, request.HttpContext.User.Identity!.Name!, ct);
        return TypedResults.Ok(SyncClientFeaturesDto.Of(await tenants.GetAsync(tenantId, ct)));
    }

    internal static (int Top, int Skip) Paging(int? top, int? skip)
    {
        if (top is < 1 or > MaxTop) throw ApiJson.Invalid("top", $"top must be between 1 and {MaxTop}.");
        if (skip is < 0) throw ApiJson.Invalid("skip", "skip must be zero or more.");
        return (top ?? 100, skip ?? 0);
    }
}
