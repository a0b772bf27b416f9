using System.Reflection;
using AdminPortal.SyncRules.SyncClients;

namespace AdminPortal.SyncAgent;

/// <summary>
/// What the agent reports about itself after a cycle, under Graph's names (beta onPremisesDirectorySynchronization
/// configuration): so the portal's dashboard shows which client syncs the tenant, from which machine, and when.
/// </summary>
public static class ClientReport
{
    /// <summary>
    /// The features only a sync client sets, as this agent has them: it syncs identities and nothing else — no password
    /// hashes, no writeback, no directory extensions.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, bool> Features = new Dictionary<string, bool>
    {
        ["passwordSyncEnabled"] = false, ["deviceWritebackEnabled"] = false, ["directoryExtensionsEnabled"] = false, ["unifiedGroupWritebackEnabled"] = false,
    };

    public static string Version { get; } = "AdminPortal.SyncAgent " +
        (typeof(ClientReport).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "unknown");

    /// <param name="connectorSpace">The objects the service holds from this agent's exports (its state).</param>
    public static object Of(AgentSettings settings, CycleOutcome outcome, int connectorSpace)
    {
        var held = outcome.HeldForReview is not null;
        var c = outcome.Counts;
        return new
        {
            synchronizationClientVersion = Version,
            synchronizationInterval = SyncClientReportValidator.Iso(settings.Interval),
            // Connect's default: mS-DS-ConsistencyGuid, objectGUID where it is not set (EntryMapping).
            anchorAttribute = "mS-DS-ConsistencyGuid",
            currentExportData = new
            {
                clientMachineName = Environment.MachineName,
                serviceAccount = settings.Directory.User,
                // Held for an admin's review: what the export carries waits (additions and updates are not told apart before the commit).
                pendingObjectsAddition = 0,
                pendingObjectsUpdate = held ? outcome.Sent - outcome.Deletions : 0,
                pendingObjectsDeletion = held ? outcome.Deletions : 0,
                // No group memberships (links) are synced.
                successfulLinksProvisioningCount = 0L,
                successfulObjectsProvisioningCount = c is null ? 0 : c.Created + c.Matched + c.Updated + c.Deleted,
                totalConnectorSpaceObjects = connectorSpace,
            },
        };
    }
}
