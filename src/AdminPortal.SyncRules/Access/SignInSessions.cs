using AdminPortal.SyncRules.Ports;
namespace AdminPortal.SyncRules.Access;

/// <summary>
/// A browser's sign-in, kept on the server: signing out ends it here, so a copy of the cookie stops working and a live
/// portal connection opened with it loses access at its next revalidation, on every instance.
/// </summary>
public sealed class SignInSessions(ISignInSessionStore store, TimeProvider clock)
{
    public async Task<Guid> StartAsync(string userName, CancellationToken ct)
    {
        var id = Guid.CreateVersion7();
        await store.StartAsync(id, userName, clock.GetUtcNow(), ct);
        return id;
    }

    public Task EndAsync(Guid id, CancellationToken ct) => store.EndAsync(id, clock.GetUtcNow(), ct);

    public Task<bool> IsActiveAsync(Guid id, CancellationToken ct) => store.IsActiveAsync(id, ct);
}
