using AdminPortal.ActiveDirectory.Preflight;
using Microsoft.Extensions.DependencyInjection;

namespace AdminPortal.ActiveDirectory;

public static class ServiceCollectionExtensions
{
    /// <summary>The on-premises side: the pre-flight of an export file (it needs AddSyncRules).</summary>
    public static IServiceCollection AddActiveDirectory(this IServiceCollection services) => services.AddScoped<ExportPreflight>();
}
