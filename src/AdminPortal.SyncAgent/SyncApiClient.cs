using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using AdminPortal.SyncRules.Sync;
using Microsoft.Extensions.Logging;

namespace AdminPortal.SyncAgent;

/// <summary>The service's answer to a commit: its counts, or the held export's id when the deletion guard kept the run.</summary>
public sealed record CommitAnswer(OutcomeCounts? Counts, string? HeldForReview);

/// <summary>
/// The sync API as the agent speaks it: a sync run opened, its pages sent, committed — each call retried with back-off
/// on 5xx, 429 and network errors, never on another 4xx. A page or commit whose answer was lost is not sent twice: the
/// run's state says whether the service took it.
/// </summary>
public sealed class SyncApiClient(AgentSettings settings, HttpClient http, ILogger logger, TimeProvider time)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public int Attempts { get; init; } = 5;
    public TimeSpan FirstBackOff { get; init; } = TimeSpan.FromSeconds(2);
    /// <summary>How often, while the service commits a run, the agent's log says how far the commit has got.</summary>
    public TimeSpan CommitReportEvery { get; init; } = TimeSpan.FromSeconds(30);

    private string Runs => $"api/tenants/{settings.TenantId}/sync/runs";

    public async Task<Guid> OpenRunAsync(string mode, CancellationToken ct)
    {
        var (_, body) = await SendAsync(() => new(HttpMethod.Post, Runs) { Content = JsonContent.Create(new { mode }, options: Json) }, null, ct);
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetGuid();
    }

    /// <summary>One page; <paramref name="sentBefore"/> objects of the run were taken before it.</summary>
    public async Task SendPageAsync(Guid run, IReadOnlyList<IncomingObject> page, int sentBefore, CancellationToken ct) =>
        await SendAsync(() => new(HttpMethod.Post, $"{Runs}/{run}/pages") { Content = JsonContent.Create(new { objects = page }, options: Json) },
            // Its answer lost: taken if the run now counts it.
            async () => (await RunAsync(run, ct)).GetProperty("objectCount").GetInt32() == sentBefore + page.Count, ct);

    public async Task<CommitAnswer> CommitAsync(Guid run, CancellationToken ct)
    {
        (HttpStatusCode, string) sent;
        using (var committing = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            var reporting = ReportCommitAsync(run, committing.Token);
            try
            {
                sent = await SendAsync(() => new(HttpMethod.Post, $"{Runs}/{run}/commit"),
                    async () => (await RunAsync(run, ct)).GetProperty("status").GetString() is "committed" or "heldForReview", ct, heldIsAnAnswer: true);
            }
            finally
            {
                await committing.CancelAsync();
                await reporting;
            }
        }
        var (status, body) = sent;
        if (status == HttpStatusCode.Conflict)
            return new(null, JsonDocument.Parse(body).RootElement.GetProperty("heldExportId").GetString());
        var state = status == 0 ? await RunAsync(run, ct) : JsonDocument.Parse(body).RootElement;
        return state.GetProperty("status").GetString() == "heldForReview"
            ? new(null, "(held for review; its answer was lost)")
            : new(state.GetProperty("counts").Deserialize<OutcomeCounts>(Json), null);
    }

    /// <summary>
    /// A commit of millions runs for many minutes with its request unanswered: meanwhile the agent's log says every
    /// <see cref="CommitReportEvery"/> how far the service has got, as the run's state tells it. A look that fails is
    /// skipped; the commit's own request says what went wrong, if anything did.
    /// </summary>
    private async Task ReportCommitAsync(Guid run, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(CommitReportEvery, time, ct);
                if ((await RunAsync(run, ct)).TryGetProperty("commit", out var commit) && commit.ValueKind == JsonValueKind.Object)
                    logger.LogInformation("Run {Run}: the service is committing it, {Written:N0} of {Objects:N0} objects written", run,
                        commit.GetProperty("written").GetInt32(), commit.GetProperty("objects").GetInt32());
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException or KeyNotFoundException or InvalidOperationException)
            {
                logger.LogDebug("Run {Run}: its state could not be read while it commits ({Reason})", run, e.Message);
            }
        }
    }

    /// <summary>
    /// Reports the client and its last export (POST …/sync/client) and the features it owns; answers the interval an
    /// admin asked of the client (customerRequestedSynchronizationInterval), or null.
    /// </summary>
    public async Task<TimeSpan?> ReportAsync(object report, IReadOnlyDictionary<string, bool> features, CancellationToken ct)
    {
        await SendAsync(() => new(HttpMethod.Post, $"api/tenants/{settings.TenantId}/sync/features") { Content = JsonContent.Create(features, options: Json) }, null, ct);
        var (_, body) = await SendAsync(() => new(HttpMethod.Post, $"api/tenants/{settings.TenantId}/sync/client") { Content = JsonContent.Create(report, options: Json) }, null, ct);
        return JsonDocument.Parse(body).RootElement.GetProperty("customerRequestedSynchronizationInterval") is { ValueKind: JsonValueKind.String } requested
            ? System.Xml.XmlConvert.ToTimeSpan(requested.GetString()!) : null;
    }

    /// <summary>Gives a run up after a failure of the cycle, so its pages do not wait for the service's timeout; best effort.</summary>
    public async Task AbandonQuietlyAsync(Guid run)
    {
        try
        {
            using var request = Authorized(new HttpRequestMessage(HttpMethod.Delete, new Uri(settings.ServiceUrl, $"{Runs}/{run}")));
            using var _ = await http.SendAsync(request, CancellationToken.None);
        }
        catch (HttpRequestException e) { logger.LogWarning("Run {Run} could not be abandoned ({Reason}); the service's run timeout will", run, e.Message); }
    }

    private async Task<JsonElement> RunAsync(Guid run, CancellationToken ct)
    {
        using var request = Authorized(new HttpRequestMessage(HttpMethod.Get, new Uri(settings.ServiceUrl, $"{Runs}/{run}")));
        using var response = await http.SendAsync(request, ct);
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct)).RootElement.Clone();
    }

    /// <summary>
    /// Sends until a success (its status and body), a 409 carrying a held export when <paramref name="heldIsAnAnswer"/>,
    /// or a refusal (one line); before a retry, <paramref name="alreadyDone"/> says whether the lost attempt was taken
    /// (then status 0 and no body).
    /// </summary>
    private async Task<(HttpStatusCode Status, string Body)> SendAsync(Func<HttpRequestMessage> make, Func<Task<bool>>? alreadyDone, CancellationToken ct,
        bool heldIsAnAnswer = false)
    {
        var wait = FirstBackOff;
        for (var attempt = 1; ; attempt++)
        {
            string retryBecause;
            try
            {
                if (attempt > 1 && alreadyDone is not null && await alreadyDone()) return (0, "");
                using var request = make();
                request.RequestUri = new Uri(settings.ServiceUrl, request.RequestUri!.OriginalString);
                using var response = await http.SendAsync(Authorized(request), ct);
                var body = await response.Content.ReadAsStringAsync(ct);
                if (response.IsSuccessStatusCode) return (response.StatusCode, body);
                if (heldIsAnAnswer && response.StatusCode == HttpStatusCode.Conflict && JsonDocument.Parse(body).RootElement.TryGetProperty("heldExportId", out _))
                    return (response.StatusCode, body);
                // A full database is not over in seconds, and a commit sent again would write the whole run again: the
                // cycle fails at once with the service's words, and the next cycle sends the export again.
                var retry = ((int)response.StatusCode >= 500 && response.StatusCode != HttpStatusCode.InsufficientStorage)
                    || response.StatusCode == HttpStatusCode.TooManyRequests;
                if (!retry || attempt >= Attempts)
                    throw new CycleFailedException($"The sync API refused {request.Method} {request.RequestUri.AbsolutePath} with {(int)response.StatusCode}: {OneLine(body)}");
                retryBecause = $"it answered {(int)response.StatusCode}";
            }
            catch (HttpRequestException e)
            {
                if (attempt >= Attempts) throw new CycleFailedException($"The sync API at {settings.ServiceUrl} could not be reached: {e.Message}", e);
                retryBecause = $"it could not be reached ({e.Message})";
            }
            // No answer within the client's timeout: a commit of millions may still be running. Its answer is taken as
            // lost: the run is asked first, and a commit sent again waits for the first and answers as it did.
            catch (TaskCanceledException e) when (!ct.IsCancellationRequested)
            {
                if (attempt >= Attempts) throw new CycleFailedException($"The sync API at {settings.ServiceUrl} did not answer within {http.Timeout}.", e);
                retryBecause = $"it did not answer within {http.Timeout}";
            }
            logger.LogWarning("The sync API at {Url}: {Reason}; attempt {Attempt} of {Attempts}, again in {Wait}", settings.ServiceUrl, retryBecause, attempt, Attempts, wait);
            await Task.Delay(wait, time, ct);
            wait *= 2;
        }
    }

    private HttpRequestMessage Authorized(HttpRequestMessage request)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", settings.AccessKey);
        return request;
    }

    private static string OneLine(string body)
    {
        try
        {
            var root = JsonDocument.Parse(body).RootElement;
            foreach (var name in new[] { "detail", "title" })
                if (root.TryGetProperty(name, out var text) && text.ValueKind == JsonValueKind.String) return text.GetString()!;
        }
        catch (JsonException) { }
        return body.Length > 300 ? body[..300] : body;
    }
}
