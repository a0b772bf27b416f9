using AdminPortal.ActiveDirectory;
using AdminPortal.ActiveDirectory.Checks;
using AdminPortal.ActiveDirectory.Preflight;
using AdminPortal.SyncRules;
using AdminPortal.SyncRules.Sync;
using AdminPortal.Web.Hosting;
using AdminPortal.Web.Security;

namespace AdminPortal.Web.Api;

/// <summary>One finding as the API and the CSV give it; <c>error</c> is IdFix's class name (or AdminPortal).</summary>
public sealed record FindingDto(string DistinguishedName, int Line, string Attribute, string? Value, string Error, string? Suggestion, string Message)
{
    public static FindingDto From(Finding f) => new(f.DistinguishedName, f.Line, f.Attribute, f.Value, f.Error.ToString(), f.Suggestion, f.Message);
}

/// <summary>What the tenant would do with one object of the file, by its DN, and the UPN the user would end up with.</summary>
public sealed record WhatIfDto(string? DistinguishedName, int? Line, string SourceAnchor, ObjectOutcome Outcome, string? UpnAfter);

/// <summary>
/// A pre-flight's answer: entries read, objects mapped (AdminPortal refuses <c>refused</c> of them), entries skipped with
/// their reasons, the findings, the dry run exactly as <c>POST sync/batches?dryRun=true</c> answers it, and each
/// result's DN.
/// </summary>
public sealed record PreflightResponse(int Entries, int Objects, int Refused, IReadOnlyList<SkippedEntry> Skipped, IReadOnlyList<FindingDto> Findings,
    DryRunResponse DryRun, IReadOnlyList<WhatIfDto> WhatIf)
{
    public static PreflightResponse From(PreflightReport r) => new(r.Entries, r.Objects, r.Refused, r.Skipped, r.Findings.Select(FindingDto.From).ToList(),
        DryRunResponse.From(r.DryRun), r.WhatIfs.Select(w => new WhatIfDto(w.DistinguishedName, w.Line, w.Result.SourceAnchor, w.Result.Outcome, w.UpnAfter)).ToList());
}

public static class PreflightEndpoints
{
    public const string FindingsCsvHeader = "distinguishedName,line,attribute,value,error,suggestion,message\n";

    public static void MapPreflightEndpoints(this IEndpointRouteBuilder app)
    {
        var limit = app.ServiceProvider.GetRequiredService<PortalSettings>().MaxPreflightFileBytes;
        app.MapPost("/api/tenants/{tenantId:guid}/preflight", PreflightAsync).TakesBody().RequireAuthorization(Policies.Operate)
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(limit)).WithTags("Pre-flight");
    }

    /// <summary>
    /// The export file is the body, read as it arrives. With <c>Accept: text/csv</c> the answer is the findings as CSV.
    /// Nothing is written, whatever the file holds.
    /// </summary>
    private static async Task<IResult> PreflightAsync(Guid tenantId, HttpContext context, ExportPreflight preflight, string? format, string? mode, CancellationToken ct)
    {
        var file = ParseFormat(format);
        var syncMode = mode is null ? SyncMode.Full
            : EnumNames<SyncMode>.TryParse(mode, out var m) ? m : throw ApiJson.Invalid("mode", EnumNames<SyncMode>.Problem("mode", mode));
        var report = await preflight.RunAsync(tenantId, context.Request.Body, file, syncMode, context.User.Identity!.Name!, ct: ct);
        if (!WantsCsv(context.Request)) return TypedResults.Ok(PreflightResponse.From(report));
        return TypedResults.Text(FindingsCsv(report.Findings), "text/csv; charset=utf-8");
    }

    public static ExportFormat ParseFormat(string? format) =>
        EnumNames<ExportFormat>.TryParse(format, out var f) ? f
            : throw ApiJson.Invalid("format", format is null ? "format is required: ldif (ldifde -f) or csv (csvde -f)." : EnumNames<ExportFormat>.Problem("format", format));

    private static bool WantsCsv(HttpRequest request) =>
        request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase));

    /// <summary>The findings as CSV, one line each: the same columns as the API's findings.</summary>
    public static string FindingsCsv(IEnumerable<Finding> findings)
    {
        var text = new System.Text.StringBuilder(FindingsCsvHeader);
        foreach (var f in findings)
            text.Append(CsvText.Row(f.DistinguishedName, f.Line.ToString(System.Globalization.CultureInfo.InvariantCulture), f.Attribute, f.Value,
                f.Error.ToString(), f.Suggestion, f.Message));
        return text.ToString();
    }
}
