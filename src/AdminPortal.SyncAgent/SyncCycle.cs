using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using AdminPortal.ActiveDirectory;
using AdminPortal.ActiveDirectory.Ldap;
using AdminPortal.SyncRules.Sync;
using Microsoft.Extensions.Logging;

namespace AdminPortal.SyncAgent;

/// <summary>What one cycle did: entries read, objects sent, skipped, and the service's counts (null when it held the export for review).</summary>
public sealed record CycleOutcome(int Read, int Sent, int Skipped, OutcomeCounts? Counts, string? HeldForReview);

/// <summary>One cycle failed; the message is one line that names what.</summary>
public sealed class CycleFailedException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// One cycle of the agent: the directory read over LDAP through the pre-flight's own mapping and skip rules, and the
/// objects sent to the sync API as a full export, as any sync client sends them — retried with back-off on 5xx, 429
/// and network errors, never on another 4xx. A 409 of the deletion guard is reported, not retried: the export waits
/// for an admin's review, as Connect's does.
/// </summary>
public sealed class SyncCycle(AgentSettings settings, HttpClient http, ILogger<SyncCycle> logger, TimeProvider? clock = null)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly TimeProvider time = clock ?? TimeProvider.System;

    public int Attempts { get; init; } = 5;
    public TimeSpan FirstBackOff { get; init; } = TimeSpan.FromSeconds(2);

    public async Task<CycleOutcome> RunAsync(CancellationToken ct)
    {
        var started = Stopwatch.StartNew();
        var (objects, read, skipped) = ReadDirectory();
        logger.LogInformation("Read {Read} entries from {Directory}: {Objects} objects to send, {Skipped} skipped", read, settings.Directory.Url, objects.Count, skipped);
        var (counts, held) = await SendAsync(objects, ct);
        var outcome = new CycleOutcome(read, objects.Count, skipped, counts, held);
        logger.LogInformation("Cycle done in {Seconds:F1} s: {Sent} objects sent, counts {Counts}{Held}", started.Elapsed.TotalSeconds, outcome.Sent,
            outcome.Counts, outcome.HeldForReview is null ? "" : $", held for review as {outcome.HeldForReview}");
        return outcome;
    }

    private (List<IncomingObject> Objects, int Read, int Skipped) ReadDirectory()
    {
        var objects = new List<IncomingObject>();
        var (read, skipped) = (0, 0);
        try
        {
            using var directory = LdapDirectory.Connect(settings.Directory);
            foreach (var entry in directory.ReadObjects())
            {
                read++;
                var mapped = EntryMapping.Map(entry);
                if (mapped.Object is { } o) objects.Add(o);
                else { skipped++; logger.LogDebug("Skipped {Dn}: {Reason}", entry.Dn, mapped.SkippedBecause); }
            }
        }
        catch (DirectoryUnavailableException e) { throw new CycleFailedException(e.Message, e); }
        return (objects, read, skipped);
    }

    /// <summary>The export sent as a full sync batch: the service's counts, or the held export's id when the deletion guard kept it.</summary>
    private async Task<(OutcomeCounts? Counts, string? HeldForReview)> SendAsync(List<IncomingObject> objects, CancellationToken ct)
    {
        var address = new Uri(settings.ServiceUrl, $"api/tenants/{settings.TenantId}/sync/batches");
        var wait = FirstBackOff;
        for (var attempt = 1; ; attempt++)
        {
            string retryBecause;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, address) { Content = JsonContent.Create(new SyncBatchRequest("full", objects), options: Json) };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", settings.AccessKey);
                using var response = await http.SendAsync(request, ct);
                var body = await response.Content.ReadAsStringAsync(ct);
                if (response.IsSuccessStatusCode) return (JsonSerializer.Deserialize<BatchAnswer>(body, Json)!.Counts, null);
                if (response.StatusCode == HttpStatusCode.Conflict && JsonDocument.Parse(body).RootElement.TryGetProperty("heldExportId", out var held))
                {
                    logger.LogWarning("The export would delete more than the deletion guard allows; the service holds it for an admin's review as {Held}", held.GetString());
                    return (null, held.GetString());
                }
                var retry = (int)response.StatusCode >= 500 || response.StatusCode == HttpStatusCode.TooManyRequests;
                if (!retry || attempt >= Attempts)
                    throw new CycleFailedException($"The sync API refused the export with {(int)response.StatusCode}: {OneLine(body)}");
                retryBecause = $"it answered {(int)response.StatusCode}";
            }
            catch (HttpRequestException e)
            {
                if (attempt >= Attempts) throw new CycleFailedException($"The sync API at {settings.ServiceUrl} could not be reached: {e.Message}", e);
                retryBecause = $"it could not be reached ({e.Message})";
            }
            logger.LogWarning("The sync API at {Url}: {Reason}; attempt {Attempt} of {Attempts}, again in {Wait}", settings.ServiceUrl, retryBecause, attempt, Attempts, wait);
            await Task.Delay(wait, time, ct);
            wait *= 2;
        }
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

    private sealed record BatchAnswer(Guid BatchId, OutcomeCounts Counts);
}
