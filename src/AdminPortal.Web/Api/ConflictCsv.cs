using AdminPortal.SyncRules.ReadModels;
using System.Text;
using AdminPortal.SyncRules.Tenants;
using AdminPortal.Web.Security;

namespace AdminPortal.Web.Api;

/// <summary>The filtered conflict list as CSV, every page of it, streamed (Connect Health's export, with the holder added).</summary>
public static class ConflictCsv
{
    public static void MapConflictCsv(this IEndpointRouteBuilder app) =>
        app.MapGet("/tenants/{tenantId:guid}/conflicts.csv", async (Guid tenantId, HttpResponse response, IConflictQueries conflicts, TenantService tenants,
            [AsParameters] Filters.ConflictQueryString query, CancellationToken ct) =>
        {
            var tenant = await tenants.GetAsync(tenantId, ct);
            var filter = query.ToFilter();
            response.ContentType = "text/csv; charset=utf-8";
            response.Headers.ContentDisposition = $"attachment; filename=\"conflicts-{tenant.InitialDomain}.csv\"";
            await response.WriteAsync("value,attribute,placeholder,quarantinedSince,status,quarantinedObjectId,quarantinedObject,quarantinedType,holderObjectId,holderObject,holderType,holderSynced\n", ct);
            string? cursor = null;
            do
            {
                var page = await conflicts.ListAsync(tenantId, filter, 1000, cursor, ct);
                var text = new StringBuilder();
                foreach (var c in page.Items)
                    text.Append(CsvText.Row(
                        c.Value, c.Property.ToString(), c.Placeholder, c.OccurredDateTime.ToString("O"), c.Status.ToString(),
                        c.Quarantined.Id.ToString(), c.Quarantined.DisplayName, c.Quarantined.Type.ToString(),
                        c.Holder?.Id.ToString(), c.Holder?.DisplayName, c.Holder?.Type.ToString(), c.Holder?.SyncEnabled.ToString()));
                await response.WriteAsync(text.ToString(), ct);
                cursor = page.NextCursor;
            } while (cursor is not null);
        }).RequireAuthorization(Policies.Read).WithTags("Conflicts");
}
