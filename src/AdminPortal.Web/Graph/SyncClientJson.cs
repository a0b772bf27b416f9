using System.Text.Json.Nodes;
using AdminPortal.SyncRules.SyncClients;

namespace AdminPortal.Web.Graph;

/// <summary>The sync client's report as Graph's beta configuration writes it (one shape for Graph and the sync API).</summary>
public static class SyncClientJson
{
    /// <summary>The configuration's fields the client reports; an admin cannot set them.</summary>
    public static readonly IReadOnlySet<string> ReportedFields = new HashSet<string>
    {
        "synchronizationClientVersion", "synchronizationInterval", "anchorAttribute", "applicationId", "currentExportData",
    };

    public static void AddTo(JsonObject configuration, SyncClientStatus client)
    {
        var r = client.Report;
        configuration["anchorAttribute"] = r?.AnchorAttribute;
        configuration["applicationId"] = r?.ApplicationId;
        configuration["currentExportData"] = r is null ? null : new JsonObject
        {
            ["clientMachineName"] = r.MachineName,
            ["pendingObjectsAddition"] = r.CurrentExport.PendingObjectsAddition,
            ["pendingObjectsDeletion"] = r.CurrentExport.PendingObjectsDeletion,
            ["pendingObjectsUpdate"] = r.CurrentExport.PendingObjectsUpdate,
            ["serviceAccount"] = r.ServiceAccount,
            ["successfulLinksProvisioningCount"] = r.CurrentExport.SuccessfulLinksProvisioningCount,
            ["successfulObjectsProvisioningCount"] = r.CurrentExport.SuccessfulObjectsProvisioningCount,
            ["totalConnectorSpaceObjects"] = r.CurrentExport.TotalConnectorSpaceObjects,
        };
        configuration["customerRequestedSynchronizationInterval"] = SyncClientReportValidator.Iso(client.CustomerRequestedInterval);
        configuration["synchronizationClientVersion"] = r?.ClientVersion;
        configuration["synchronizationInterval"] = SyncClientReportValidator.Iso(r?.SynchronizationInterval);
    }

    /// <summary>The configuration as the sync API answers a report: the same fields, and when it was reported and is due next.</summary>
    public static JsonObject Of(SyncClientStatus client, DateTimeOffset now)
    {
        var json = new JsonObject();
        AddTo(json, client);
        json["reportedDateTime"] = client.Report?.ReportedDateTime;
        json["reportedBy"] = client.Report?.ReportedBy;
        json["nextExportDueDateTime"] = client.NextExportDue;
        json["isOverdue"] = client.IsOverdue(now);
        return json;
    }
}
