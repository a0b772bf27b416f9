using AdminPortal.Web.Hosting;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;

namespace AdminPortal.Web.Security;

/// <summary>
/// A live page keeps the user it was opened by; every Circuits:RevalidationInterval the framework asks here whether
/// that user's credential still holds (<see cref="CredentialValidity"/>). When it does not, the page's user becomes
/// anonymous: pages show "Your session has ended" and every action is refused. The check comes from the circuit's own
/// scope (it holds no database context: each query opens its own), so it ends with the circuit, shutdown included.
/// </summary>
public sealed class CircuitUserRevalidation(ILoggerFactory loggers, CredentialValidity validity, CircuitSettings settings)
    : RevalidatingServerAuthenticationStateProvider(loggers)
{
    private readonly ILogger log = loggers.CreateLogger<CircuitUserRevalidation>();

    protected override TimeSpan RevalidationInterval => settings.RevalidationInterval;

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState state, CancellationToken ct)
    {
        var holds = await validity.HoldsAsync(state.User, ct);
        if (!holds) log.LogInformation("The live connection of {User} lost access: its sign-in no longer holds", state.User.Identity?.Name);
        return holds;
    }
}
