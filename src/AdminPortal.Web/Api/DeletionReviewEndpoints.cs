using AdminPortal.SyncRules.ReadModels;
using AdminPortal.SyncRules.Reviews;
using AdminPortal.SyncRules.Sync;
using AdminPortal.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AdminPortal.Web.Api;

public sealed record HeldExportDto(Guid Id, string Client, DateTimeOffset ReceivedDateTime, SyncMode Mode, int ObjectCount, int Deletes, int SyncedObjects,
    HeldExportStatus Status, string? DecidedBy, DateTimeOffset? DecidedDateTime, Guid? AppliedBatchId)
{
    public static HeldExportDto From(HeldExport h) => new(h.Id, h.Client, h.ReceivedDateTime, h.Mode, h.ObjectCount, h.Deletes, h.SyncedObjects,
        h.Status, h.DecidedBy, h.DecidedDateTime, h.AppliedBatchId);
}

public sealed record HeldDeletionDto(Guid ObjectId, string DisplayName, string ObjectType, string SourceAnchor)
{
    public static HeldDeletionDto From(HeldDeletion d) => new(d.ObjectId, d.DisplayName, d.ObjectType.ToString().ToLowerInvariant(), d.SourceAnchor);
}

/// <summary>Deletion review: exports over the accidental-deletion threshold, kept for an admin to allow once or discard.</summary>
public static class DeletionReviewEndpoints
{
    private const int PageSize = 100;

    public static void MapDeletionReviewEndpoints(this IEndpointRouteBuilder app)
    {
        var reviews = app.MapGroup("/api/tenants/{tenantId:guid}/sync/reviews").WithTags("Sync");
        reviews.MapGet("", ListAsync).RequireAuthorization(Policies.Read);
        reviews.MapGet("/{reviewId:guid}", GetAsync).RequireAuthorization(Policies.Read);
        reviews.MapGet("/{reviewId:guid}/deletions", DeletionsAsync).RequireAuthorization(Policies.Read);
        reviews.MapPost("/{reviewId:guid}/allow", AllowAsync).RequireAuthorization(Policies.Administer);
        reviews.MapPost("/{reviewId:guid}/discard", DiscardAsync).RequireAuthorization(Policies.Administer);
    }

    private static async Task<Ok<ListDto<HeldExportDto>>> ListAsync(Guid tenantId, DeletionReviewService reviews, CancellationToken ct) =>
        TypedResults.Ok(new ListDto<HeldExportDto>((await reviews.ListAsync(tenantId, ct)).Select(HeldExportDto.From).ToList()));

    private static async Task<Ok<HeldExportDto>> GetAsync(Guid tenantId, Guid reviewId, DeletionReviewService reviews, CancellationToken ct) =>
        TypedResults.Ok(HeldExportDto.From(await reviews.GetAsync(tenantId, reviewId, ct)));

    private static async Task<Ok<ListDto<HeldDeletionDto>>> DeletionsAsync(Guid tenantId, Guid reviewId, HttpRequest request, DeletionReviewService reviews,
        IDeletionReviewQueries queries, string? search, Guid? after, CancellationToken ct)
    {
        if (search is { Length: > 256 }) throw ApiJson.Invalid("search", "search is at most 256 characters.");
        await reviews.GetAsync(tenantId, reviewId, ct);
        var page = await queries.DeletionsAsync(tenantId, reviewId, search, PageSize, after, ct);
        return TypedResults.Ok(new ListDto<HeldDeletionDto>(page.Items.Select(HeldDeletionDto.From).ToList()) { NextLink = NextLink.For(request, "after", page.After?.ToString()) });
    }

    /// <summary>Applies the held export; once begun it runs to its end even if the client goes away (see the run commit).</summary>
    private static async Task<Ok<BatchResponse>> AllowAsync(Guid tenantId, Guid reviewId, HttpContext context, DeletionReviewService reviews,
        IHostApplicationLifetime lifetime)
    {
        var outcome = await reviews.AllowAsync(tenantId, reviewId, context.User.Identity!.Name!, lifetime.ApplicationStopping);
        return TypedResults.Ok(new BatchResponse(outcome.Batch.Id, outcome.Results.Select(ObjectResultDto.From).ToList(), outcome.Batch.Counts));
    }

    private static async Task<NoContent> DiscardAsync(Guid tenantId, Guid reviewId, HttpContext context, DeletionReviewService reviews, CancellationToken ct)
    {
        await reviews.DiscardAsync(tenantId, reviewId, context.User.Identity!.Name!, ct);
        return TypedResults.NoContent();
    }
}
