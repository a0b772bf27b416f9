using AdminPortal.SyncRules;
using AdminPortal.SyncRules.ReadModels;
using AdminPortal.SyncRules.Sync;
using AdminPortal.SyncRules.Tenants;
using AdminPortal.Web.Hosting;
using AdminPortal.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AdminPortal.Web.Api;

public sealed record SyncRunRequest(string? Mode);

public sealed record SyncPageRequest(IReadOnlyList<IncomingObject?>? Objects);

/// <summary>
/// A sync run as the API shows it; <c>counts</c> once committed, <c>expiresDateTime</c> while open, <c>commit</c> while
/// a commit of it is under way on any instance.
/// </summary>
public sealed record SyncRunDto(Guid Id, SyncMode Mode, SyncRunStatus Status, string Client, DateTimeOffset CreatedDateTime,
    DateTimeOffset LastActivityDateTime, DateTimeOffset? ExpiresDateTime, int Pages, int ObjectCount, OutcomeCounts? Counts, CommitDto? Commit)
{
    public static SyncRunDto From(SyncRun r, SyncRunLimits limits, OutcomeCounts? counts = null, CommitProgress? progress = null) => new(r.Id, r.Mode,
        r.Status, r.Client, r.CreatedDateTime, r.LastActivityDateTime, r.Status == SyncRunStatus.Open ? r.ExpiresDateTime(limits) : null, r.Pages,
        r.ObjectCount, counts, r.Status == SyncRunStatus.Open && progress?.Of(r.Id) is { } c ? new CommitDto(c.Written, c.Objects, c.Started) : null);
}

/// <summary>How far a commit under way has got: objects decided and written, not yet committed, of the run's.</summary>
public sealed record CommitDto(int Written, int Objects, DateTimeOffset StartedDateTime);

public sealed record ResultsDto(IReadOnlyList<ObjectResultDto> Value)
{
    [System.Text.Json.Serialization.JsonPropertyName("@odata.nextLink")]
    public string? NextLink { get; init; }
}

/// <summary>
/// Sync runs: a full or delta export of any size sent in pages (docs/api.md, "Sync runs"), staged in the database and
/// committed whole. The batches endpoint is a run of one page on the same path.
/// </summary>
public static class SyncRunEndpoints
{
    public static void MapSyncRunEndpoints(this IEndpointRouteBuilder app)
    {
        var runs = app.MapGroup("/api/tenants/{tenantId:guid}/sync/runs").WithTags("Sync runs");
        var pageLimit = app.ServiceProvider.GetRequiredService<PortalSettings>().MaxRequestBodyBytes;
        // The bodies are read by ApiJson (strict JSON, errors by field) and described to the OpenAPI document.
        runs.MapPost("", OpenAsync).TakesBody().DescribesJsonBody<SyncRunRequest>().RequireAuthorization(Policies.PushSync)
            .WithSummary("Opens a sync run: an export sent in pages, committed whole.");
        runs.MapGet("", ListOpenAsync).RequireAuthorization(Policies.FollowSync).WithSummary("The tenant's open sync runs.");
        runs.MapGet("/{runId:guid}", GetAsync).RequireAuthorization(Policies.FollowSync).WithSummary("A sync run as of now, with its counts once committed.");
        runs.MapDelete("/{runId:guid}", AbandonAsync).RequireAuthorization(Policies.PushSync).WithSummary("Abandons an open run; its pages are removed.");
        runs.MapPost("/{runId:guid}/pages", AddPageAsync).TakesBody().DescribesJsonBody<SyncPageRequest>().RequireAuthorization(Policies.PushSync)
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(pageLimit))
            .WithSummary("Stages one page of objects (at most Sync:MaxPageObjects), validated on arrival; a bad page is refused whole.");
        runs.MapPost("/{runId:guid}/commit", CommitAsync).RequireAuthorization(Policies.PushSync)
            .WithSummary("Applies the run whole as one batch; 409 over the deletion guard (the run is held for review). Sent again, it answers as the first commit did.");
        runs.MapGet("/{runId:guid}/results", ResultsAsync).RequireAuthorization(Policies.FollowSync)
            .WithSummary("The committed run's per-object results, in the order sent, paged.");
    }

    private static async Task<Created<SyncRunDto>> OpenAsync(Guid tenantId, HttpRequest request, SyncRunService runs, CancellationToken ct)
    {
        var body = await ApiJson.ReadAsync<SyncRunRequest>(request, ct);
        var run = await runs.OpenAsync(tenantId, body.Mode, request.HttpContext.User.Identity!.Name!, ct);
        return TypedResults.Created($"/api/tenants/{tenantId}/sync/runs/{run.Id}", SyncRunDto.From(run, runs.Limits));
    }

    private static async Task<Ok<ListDto<SyncRunDto>>> ListOpenAsync(Guid tenantId, SyncRunService runs, TenantService tenants, IBatchQueries batches,
        CommitProgress progress, TimeProvider clock, CancellationToken ct)
    {
        // An unknown tenant's runs are a 404, not an empty list.
        await tenants.GetAsync(tenantId, ct);
        var open = await batches.OpenRunsAsync(tenantId, clock.GetUtcNow(), runs.Limits, ct);
        return TypedResults.Ok(new ListDto<SyncRunDto>(open.Select(r => SyncRunDto.From(r, runs.Limits, progress: progress)).ToList()));
    }

    private static async Task<Ok<SyncRunDto>> GetAsync(Guid tenantId, Guid runId, SyncRunService runs, IBatchQueries batches, CommitProgress progress,
        CancellationToken ct)
    {
        var run = await runs.GetAsync(tenantId, runId, ct);
        var counts = run.Status == SyncRunStatus.Committed ? (await batches.GetAsync(tenantId, run.Id, 0, 1, ct)).Batch.Counts : null;
        return TypedResults.Ok(SyncRunDto.From(run, runs.Limits, counts, progress));
    }

    private static async Task<NoContent> AbandonAsync(Guid tenantId, Guid runId, HttpContext context, SyncRunService runs, CancellationToken ct)
    {
        await runs.AbandonAsync(tenantId, runId, context.User.Identity!.Name!, ct);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<SyncRunDto>> AddPageAsync(Guid tenantId, Guid runId, HttpRequest request, SyncRunService runs, CancellationToken ct)
    {
        var body = await ApiJson.ReadAsync<SyncPageRequest>(request, ct);
        return TypedResults.Ok(SyncRunDto.From(await runs.AddPageAsync(tenantId, runId, body.Objects, ct), runs.Limits));
    }

    /// <summary>
    /// A commit, once begun, runs to its end even if its client goes away — a client's timeout or a proxy's 504 during a
    /// commit of millions, which would otherwise roll it back and have it begin again, and again; only the portal
    /// stopping ends it (rolled back, nothing applied). Sent again because its answer was lost, a commit answers as the
    /// first did: it waits for the tenant's lock, so for the first commit to end, then finds the run committed and
    /// gives its counts. Nothing is applied twice.
    /// </summary>
    private static async Task<Ok<SyncRunDto>> CommitAsync(Guid tenantId, Guid runId, SyncRunService runs, IBatchQueries batches, CommitProgress progress,
        IHostApplicationLifetime lifetime, CancellationToken ct)
    {
        try
        {
            var outcome = await runs.CommitAsync(tenantId, runId, lifetime.ApplicationStopping);
            return TypedResults.Ok(SyncRunDto.From(await runs.GetAsync(tenantId, runId, ct), runs.Limits, outcome.Batch.Counts));
        }
        catch (DomainException e) when (e.Code == "RunNotOpen")
        {
            // Committed by the first: the run as GET answers it, its counts included.
            var committed = await GetAsync(tenantId, runId, runs, batches, progress, ct);
            if (committed.Value!.Status != SyncRunStatus.Committed) throw;
            return committed;
        }
    }

    private static async Task<Ok<ResultsDto>> ResultsAsync(Guid tenantId, Guid runId, HttpRequest request, SyncRunService runs, IBatchQueries batches,
        int? top, int? skip, CancellationToken ct)
    {
        var (t, s) = SyncEndpoints.Paging(top, skip);
        var run = await runs.GetAsync(tenantId, runId, ct);
        if (run.Status != SyncRunStatus.Committed)
            throw new DomainException("RunNotCommitted", $"Sync run {run.Id} is {System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(run.Status.ToString())}; it has results once committed.", RefusalKind.Conflict);
        var detail = await batches.GetAsync(tenantId, run.Id, s, t, ct);
        return TypedResults.Ok(new ResultsDto(detail.Results.Items.Select(ObjectResultDto.From).ToList())
            { NextLink = NextLink.For(request, "skip", detail.Results.NextSkip?.ToString()) });
    }
}
