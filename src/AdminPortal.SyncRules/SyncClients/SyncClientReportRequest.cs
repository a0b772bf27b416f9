using System.Xml;

namespace AdminPortal.SyncRules.SyncClients;

/// <summary>A sync client's report as it arrives (docs/api.md, "The sync client's report"); nothing is trusted until validated.</summary>
public sealed record SyncClientReportRequest
{
    public string? SynchronizationClientVersion { get; init; }
    /// <summary>An ISO 8601 duration, as Graph writes one: PT30M.</summary>
    public string? SynchronizationInterval { get; init; }
    public string? AnchorAttribute { get; init; }
    public string? ApplicationId { get; init; }
    public CurrentExportDataRequest? CurrentExportData { get; init; }
}

public sealed record CurrentExportDataRequest
{
    public string? ClientMachineName { get; init; }
    public string? ServiceAccount { get; init; }
    public int? PendingObjectsAddition { get; init; }
    public int? PendingObjectsDeletion { get; init; }
    public int? PendingObjectsUpdate { get; init; }
    public long? SuccessfulLinksProvisioningCount { get; init; }
    public int? SuccessfulObjectsProvisioningCount { get; init; }
    public int? TotalConnectorSpaceObjects { get; init; }
}

/// <summary>The report checked field by field; a bad one refuses the whole report, naming each bad field.</summary>
public static class SyncClientReportValidator
{
    public const int MaxVersionLength = 64, MaxMachineNameLength = 255, MaxAccountLength = 256, MaxAnchorAttributeLength = 64, MaxApplicationIdLength = 64;

    public static SyncClientReport Validate(SyncClientReportRequest? request, string actor, DateTimeOffset now)
    {
        var errors = new Dictionary<string, string[]>();
        void Add(string field, string message) => errors[field] = [message];
        string? Text(string field, string? value, int max, bool required)
        {
            if (string.IsNullOrWhiteSpace(value)) { if (required) Add(field, $"{field} is required."); return null; }
            if (value.Length > max) Add(field, $"{field} is longer than {max} characters.");
            else if (value.Any(char.IsControl)) Add(field, $"{field} contains a control character.");
            return value.Trim();
        }
        long Count(string field, long? value) { if (value < 0) Add(field, $"{field} cannot be negative."); return value ?? 0; }

        var version = Text("synchronizationClientVersion", request?.SynchronizationClientVersion, MaxVersionLength, required: true);
        var anchor = Text("anchorAttribute", request?.AnchorAttribute, MaxAnchorAttributeLength, required: false);
        var application = Text("applicationId", request?.ApplicationId, MaxApplicationIdLength, required: false);
        var interval = Duration("synchronizationInterval", request?.SynchronizationInterval, Add);
        if (interval is { } i && (i < TimeSpan.FromMinutes(1) || i > SyncClientStatus.LongestRequestedInterval))
            Add("synchronizationInterval", "synchronizationInterval must be from one minute to seven days.");
        var data = request?.CurrentExportData;
        if (data is null) Add("currentExportData", "currentExportData is required: at least the client's machine name.");
        var machine = Text("currentExportData.clientMachineName", data?.ClientMachineName, MaxMachineNameLength, required: data is not null);
        var account = Text("currentExportData.serviceAccount", data?.ServiceAccount, MaxAccountLength, required: false);
        var export = new ExportData((int)Count("currentExportData.pendingObjectsAddition", data?.PendingObjectsAddition),
            (int)Count("currentExportData.pendingObjectsDeletion", data?.PendingObjectsDeletion), (int)Count("currentExportData.pendingObjectsUpdate", data?.PendingObjectsUpdate),
            Count("currentExportData.successfulLinksProvisioningCount", data?.SuccessfulLinksProvisioningCount),
            (int)Count("currentExportData.successfulObjectsProvisioningCount", data?.SuccessfulObjectsProvisioningCount),
            (int)Count("currentExportData.totalConnectorSpaceObjects", data?.TotalConnectorSpaceObjects));
        if (errors.Count > 0) throw new InputValidationException(errors);
        return new SyncClientReport(version!, machine!, account, application, anchor, interval!.Value, export, now, actor);
    }

    /// <summary>An ISO 8601 duration (PT30M), Graph's Duration; null with an error when absent or malformed.</summary>
    public static TimeSpan? Duration(string field, string? value, Action<string, string> error)
    {
        if (string.IsNullOrWhiteSpace(value)) { error(field, $"{field} is required, as an ISO 8601 duration such as PT30M."); return null; }
        try { return XmlConvert.ToTimeSpan(value); }
        catch (FormatException) { error(field, $"{field} '{Directory.AttributeRules.Shorten(value)}' is not an ISO 8601 duration such as PT30M."); return null; }
    }

    /// <summary>A duration as Graph writes one (PT30M); null stays null.</summary>
    public static string? Iso(TimeSpan? value) => value is { } v ? XmlConvert.ToString(v) : null;
}
