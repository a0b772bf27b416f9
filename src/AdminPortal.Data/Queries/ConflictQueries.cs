using System.Text;
using System.Text.Json;
using AdminPortal.Data.Rows;
using AdminPortal.SyncRules;
using AdminPortal.SyncRules.Conflicts;
using AdminPortal.SyncRules.Directory;
using AdminPortal.SyncRules.Features;
using AdminPortal.SyncRules.History;
using AdminPortal.SyncRules.Sync;
using Microsoft.EntityFrameworkCore;

using AdminPortal.SyncRules.ReadModels;

namespace AdminPortal.Data.Queries;

/// <summary>Quarantined values and match history: shared by the scripts' API and the portal pages.</summary>
public sealed class ConflictQueries(PortalDbContextFactory factory) : IConflictQueries
{
    public async Task<ConflictPage> ListAsync(Guid tenantId, ConflictFilter filter, int top, string? cursor, CancellationToken ct)
    {
        await using var db = factory.CreateQueryContext();
        var query = from q in db.Quarantine
                    join o in db.DirectoryObjects on q.ObjectId equals o.Id
                    where q.TenantId == tenantId
                    select new { q, o };
        if (filter.Property is { } p) query = query.Where(x => x.q.Property == (int)p);
        if (filter.ObjectType is { } t) query = query.Where(x => x.q.ObjectType == (int)t);
        if (!string.IsNullOrWhiteSpace(filter.Search))
        {
            var s = filter.Search.Trim().ToLowerInvariant();
            query = query.Where(x => x.q.NormalizedValue.Contains(s) || x.o.DisplayName.ToLower().Contains(s));
        }
        if (filter.QuarantinedFrom is { } from) query = query.Where(x => x.q.OccurredDateTime >= from);
        if (filter.QuarantinedUntil is { } until) query = query.Where(x => x.q.OccurredDateTime < until);
        const int upn = (int)ConflictProperty.UserPrincipalName;
        // The status rule itself (ConflictRules.StatusRule), run by the database over the facts it depends on: whether the
        // value's holder now is synced (no holder: null) and whether an operator noted the conflict.
        if (filter.Status is { } status)
            query = query.WhereRule(ConflictRules.StatusRule, x => new ConflictFacts
            {
                HolderSynced = x.q.Property == upn
                    ? db.DirectoryObjects.Where(d => d.TenantId == tenantId && d.UpnNormalized == x.q.NormalizedValue).Select(d => (bool?)d.SyncEnabled).FirstOrDefault()
                    : db.ProxyAddresses.Where(p => p.TenantId == tenantId && p.Normalized == x.q.NormalizedValue)
                        .Join(db.DirectoryObjects, p => p.ObjectId, d => d.Id, (p, d) => (bool?)d.SyncEnabled).FirstOrDefault(),
                Noted = x.q.FixAtSourceNote != null,
            }, status);
        // Keyset paging: the sort key, then the quarantine's own key, so a deep page costs what the first does.
        var after = Cursor.Decode(cursor);
        if (filter.OrderBy == ConflictOrder.OccurredDateTime)
        {
            if (after is not null)
            {
                var (time, id, prop, value) = (new DateTimeOffset(after.Ticks, TimeSpan.Zero), after.ObjectId, after.Property, after.Value);
                query = filter.Descending
                    ? query.Where(x => x.q.OccurredDateTime < time || (x.q.OccurredDateTime == time && (x.q.ObjectId.CompareTo(id) < 0 ||
                        (x.q.ObjectId == id && (x.q.Property < prop || (x.q.Property == prop && x.q.NormalizedValue.CompareTo(value) < 0))))))
                    : query.Where(x => x.q.OccurredDateTime > time || (x.q.OccurredDateTime == time && (x.q.ObjectId.CompareTo(id) > 0 ||
                        (x.q.ObjectId == id && (x.q.Property > prop || (x.q.Property == prop && x.q.NormalizedValue.CompareTo(value) > 0))))));
            }
            query = filter.Descending
                ? query.OrderByDescending(x => x.q.OccurredDateTime).ThenByDescending(x => x.q.ObjectId).ThenByDescending(x => x.q.Property).ThenByDescending(x => x.q.NormalizedValue)
                : query.OrderBy(x => x.q.OccurredDateTime).ThenBy(x => x.q.ObjectId).ThenBy(x => x.q.Property).ThenBy(x => x.q.NormalizedValue);
        }
        else
        {
            if (after is not null)
            {
                var (id, prop, value) = (after.ObjectId, after.Property, after.Value);
                query = filter.Descending
                    ? query.Where(x => x.q.NormalizedValue.CompareTo(value) < 0 || (x.q.NormalizedValue == value && (x.q.ObjectId.CompareTo(id) < 0 ||
                        (x.q.ObjectId == id && x.q.Property < prop))))
                    : query.Where(x => x.q.NormalizedValue.CompareTo(value) > 0 || (x.q.NormalizedValue == value && (x.q.ObjectId.CompareTo(id) > 0 ||
                        (x.q.ObjectId == id && x.q.Property > prop))));
            }
            query = filter.Descending
                ? query.OrderByDescending(x => x.q.NormalizedValue).ThenByDescending(x => x.q.ObjectId).ThenByDescending(x => x.q.Property)
                : query.OrderBy(x => x.q.NormalizedValue).ThenBy(x => x.q.ObjectId).ThenBy(x => x.q.Property);
        }
        var rows = await query.Take(top + 1).ToListAsync(ct);
        var page = rows.Take(top).ToList();
        var holders = await HoldersAsync(db, tenantId, page.Select(x => x.q).ToList(), ct);
        var items = page.Select(x => new ConflictEntry((ConflictProperty)x.q.Property, x.q.Value, x.q.Placeholder, x.q.OccurredDateTime, Ref(x.o),
            holders.GetValueOrDefault(((ConflictProperty)x.q.Property, x.q.NormalizedValue)), x.q.FixAtSourceNote, x.q.NotedBy)).ToList();
        var last = page.LastOrDefault()?.q;
        return new ConflictPage(items, rows.Count > top && last is not null
            ? Cursor.Encode(new Cursor(last.OccurredDateTime.UtcTicks, last.ObjectId, last.Property, last.NormalizedValue)) : null);
    }

    /// <summary>One quarantined value with both objects in full, for the side-by-side view.</summary>
    public async Task<(ConflictEntry Conflict, DirectoryObject Quarantined, DirectoryObject? Holder)> GetAsync(Guid tenantId, Guid objectId,
        ConflictProperty property, string value, CancellationToken ct)
    {
        await using var db = factory.CreateQueryContext();
        var normalized = DirectoryValue.Normalize(value);
        var row = await db.Quarantine.FirstOrDefaultAsync(q => q.TenantId == tenantId && q.ObjectId == objectId && q.Property == (int)property
                                                              && q.NormalizedValue == normalized, ct)
                  ?? throw new NotFoundException($"The quarantined {property} '{value}' of object {objectId}");
        var holders = await HoldersAsync(db, tenantId, [row], ct);
        var holderRef = holders.GetValueOrDefault((property, normalized));
        var ids = holderRef is null ? new[] { objectId } : new[] { objectId, holderRef.Id };
        var objects = (await Stores.SyncStore.LoadObjectsAsync(db, ids, ct)).ToDictionary(o => o.Id);
        var quarantined = objects[objectId];
        var conflict = new ConflictEntry(property, row.Value, row.Placeholder, row.OccurredDateTime, Ref(quarantined), holderRef, row.FixAtSourceNote, row.NotedBy);
        return (conflict, quarantined, holderRef is null ? null : objects[holderRef.Id]);
    }

    public async Task<(int Total, IReadOnlyDictionary<(ConflictProperty, ObjectType), int> ByKind)> CountAsync(Guid tenantId, CancellationToken ct)
    {
        await using var db = factory.CreateQueryContext();
        var counts = await db.Quarantine.Where(q => q.TenantId == tenantId).GroupBy(q => new { q.Property, q.ObjectType })
            .Select(g => new { g.Key.Property, g.Key.ObjectType, Count = g.Count() }).ToListAsync(ct);
        return (counts.Sum(c => c.Count), counts.ToDictionary(c => ((ConflictProperty)c.Property, (ObjectType)c.ObjectType), c => c.Count));
    }

    /// <summary>An object's matching decisions, newest first; failed decisions before it existed are found by its source anchor.</summary>
    public async Task<IReadOnlyList<MatchHistoryEntry>> MatchHistoryAsync(Guid tenantId, Guid objectId, CancellationToken ct)
    {
        await using var db = factory.CreateQueryContext();
        var anchor = await db.DirectoryObjects.Where(o => o.Id == objectId && o.TenantId == tenantId).Select(o => new { o.ImmutableId }).FirstOrDefaultAsync(ct)
                     ?? throw new NotFoundException($"Object {objectId}");
        var rows = await db.MatchRecords
            .Where(m => m.TenantId == tenantId && (m.ObjectId == objectId || (anchor.ImmutableId != null && m.SourceAnchor == anchor.ImmutableId)))
            .OrderByDescending(m => m.OccurredDateTime).ThenByDescending(m => m.Id).Take(500).ToListAsync(ct);
        return rows.Select(ToEntry).ToList();
    }

    /// <summary>The tenant's matching decisions, newest first, filtered by rule, outcome and date; keyset-paged by id (time-ordered).</summary>
    public async Task<KeysetPage<MatchHistoryEntry>> MatchDecisionsAsync(Guid tenantId, MatchRule? rule, MatchOutcome? outcome,
        DateTimeOffset? from, DateTimeOffset? to, int top, Guid? before, CancellationToken ct)
    {
        await using var db = factory.CreateQueryContext();
        var query = db.MatchRecords.Where(m => m.TenantId == tenantId);
        if (rule is { } r) query = query.Where(m => m.MatchedBy == (int)r);
        if (outcome is { } o) query = query.Where(m => m.Outcome == (int)o);
        if (from is { } f) query = query.Where(m => m.OccurredDateTime >= f);
        if (to is { } t) query = query.Where(m => m.OccurredDateTime < t);
        if (before is { } key) query = query.Where(m => m.Id.CompareTo(key) < 0);
        var rows = await query.OrderByDescending(m => m.Id).Take(top + 1).ToListAsync(ct);
        var page = rows.Take(top).Select(ToEntry).ToList();
        return new KeysetPage<MatchHistoryEntry>(page, rows.Count > top ? page[^1].Record.Id : null);
    }

    internal static MatchHistoryEntry ToEntry(MatchRecordRow row)
    {
        var record = RowMapper.ToMatch(row);
        return MatchHistoryEntry.Of(record);
    }

    private static async Task<Dictionary<(ConflictProperty, string), ObjectRef>> HoldersAsync(PortalDbContext db, Guid tenantId,
        IReadOnlyList<QuarantineRow> page, CancellationToken ct)
    {
        var upns = page.Where(q => q.Property == (int)ConflictProperty.UserPrincipalName).Select(q => q.NormalizedValue).Distinct().ToArray();
        var proxies = page.Where(q => q.Property == (int)ConflictProperty.ProxyAddress).Select(q => q.NormalizedValue).Distinct().ToArray();
        var result = new Dictionary<(ConflictProperty, string), ObjectRef>();
        foreach (var o in await db.DirectoryObjects.Where(o => o.TenantId == tenantId && EF.Parameter(upns).Contains(o.UpnNormalized!)).ToListAsync(ct))
            result[(ConflictProperty.UserPrincipalName, o.UpnNormalized!)] = Ref(o);
        var held = await (from p in db.ProxyAddresses
                          join o in db.DirectoryObjects on p.ObjectId equals o.Id
                          where p.TenantId == tenantId && EF.Parameter(proxies).Contains(p.Normalized)
                          select new { p.Normalized, o }).ToListAsync(ct);
        foreach (var h in held) result[(ConflictProperty.ProxyAddress, h.Normalized)] = Ref(h.o);
        return result;
    }

    private static ObjectRef Ref(DirectoryObjectRow o) =>
        new(o.Id, (ObjectType)o.ObjectType, o.DisplayName, o.UserPrincipalName, o.SyncEnabled, o.ImmutableId);

    private static ObjectRef Ref(DirectoryObject o) => new(o.Id, o.Type, o.DisplayName, o.UserPrincipalName, o.SyncEnabled, o.ImmutableId);

    /// <summary>An opaque continuation token: the last row's sort key and identity.</summary>
    private sealed record Cursor(long Ticks, Guid ObjectId, int Property, string Value)
    {
        public static string Encode(Cursor c) => Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(c)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        public static Cursor? Decode(string? token)
        {
            if (string.IsNullOrEmpty(token)) return null;
            try
            {
                var padded = token.Replace('-', '+').Replace('_', '/');
                padded += new string('=', (4 - padded.Length % 4) % 4);
                return JsonSerializer.Deserialize<Cursor>(Encoding.UTF8.GetString(Convert.FromBase64String(padded)))
                       ?? throw new FormatException();
            }
            catch (Exception e) when (e is FormatException or JsonException)
            {
                throw new DomainException("InvalidCursor", $"The cursor '{token}' is not one this API gave out.");
            }
        }
    }
}
