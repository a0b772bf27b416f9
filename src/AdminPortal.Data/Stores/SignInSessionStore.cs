using AdminPortal.Data.Rows;
using AdminPortal.SyncRules.Access;
using Microsoft.EntityFrameworkCore;
using AdminPortal.SyncRules.Ports;

namespace AdminPortal.Data.Stores;

public sealed class SignInSessionStore(PortalDbContextFactory factory) : ISignInSessionStore
{
    public async Task StartAsync(Guid id, string userName, DateTimeOffset when, CancellationToken ct)
    {
        await using var db = factory.CreateDbContext();
        db.SignInSessions.Add(new SignInSessionRow { Id = id, UserName = userName, StartedDateTime = when });
        await DatabaseErrors.StoredAsync(() => db.SaveChangesAsync(ct));
    }

    public async Task EndAsync(Guid id, DateTimeOffset when, CancellationToken ct)
    {
        await using var db = factory.CreateDbContext();
        await db.SignInSessions.Where(s => s.Id == id && s.EndedDateTime == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.EndedDateTime, when), ct);
    }

    public async Task<bool> IsActiveAsync(Guid id, CancellationToken ct)
    {
        await using var db = factory.CreateDbContext();
        return await db.SignInSessions.AnyAsync(s => s.Id == id && s.EndedDateTime == null, ct);
    }
}
