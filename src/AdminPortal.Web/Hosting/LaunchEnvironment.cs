namespace AdminPortal.Web.Hosting;

/// <summary>
/// The environment `dotnet run` proposes. A launch profile's ASPNETCORE_ENVIRONMENT would override the caller's (so
/// `ASPNETCORE_ENVIRONMENT=Production dotnet run` ran in Development, with the development sign-in and key); the
/// profile sets ADMINPORTAL_LAUNCH_ENVIRONMENT instead, taken only when the caller named no environment at all.
/// </summary>
public static class LaunchEnvironment
{
    public const string Variable = "ADMINPORTAL_LAUNCH_ENVIRONMENT";

    public static WebApplicationOptions Options(string[] args) => Options(args, Environment.GetEnvironmentVariable);

    public static WebApplicationOptions Options(string[] args, Func<string, string?> variable)
    {
        var named = variable("ASPNETCORE_ENVIRONMENT") is { Length: > 0 } || variable("DOTNET_ENVIRONMENT") is { Length: > 0 }
                    || args.Any(a => a.StartsWith("--environment", StringComparison.OrdinalIgnoreCase));
        var proposed = variable(Variable);
        return new WebApplicationOptions { Args = args, EnvironmentName = named || string.IsNullOrEmpty(proposed) ? null : proposed };
    }
}
