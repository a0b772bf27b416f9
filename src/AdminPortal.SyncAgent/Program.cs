using AdminPortal.SyncAgent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// dotnet run --project src/AdminPortal.SyncAgent            a cycle every Agent:Interval (default 30 minutes)
// dotnet run --project src/AdminPortal.SyncAgent -- --once  one cycle; exit 0, or 1 with a one-line reason
//   … -- --once --full                                       one full export, whatever the watermark (as Connect's Initial cycle)
var once = args.Contains("--once");
var full = args.Contains("--full");
var builder = Host.CreateApplicationBuilder(args.Where(a => a is not ("--once" or "--full")).ToArray());
AgentSettings settings;
try { settings = AgentSettings.From(builder.Configuration); }
catch (InvalidOperationException e) { Console.Error.WriteLine(e.Message); return 2; }
builder.Services.AddSingleton(settings);
builder.Services.AddSingleton(new HttpClient { Timeout = TimeSpan.FromMinutes(30) });
builder.Services.AddSingleton<SyncCycle>();
if (!once) builder.Services.AddHostedService<AgentLoop>();
using var host = builder.Build();
if (!once)
{
    await host.RunAsync();
    return 0;
}
try
{
    await host.Services.GetRequiredService<SyncCycle>().RunAsync(CancellationToken.None, full);
    return 0;
}
catch (CycleFailedException e)
{
    host.Services.GetRequiredService<ILogger<SyncCycle>>().LogError("The cycle failed: {Reason}", e.Message);
    Console.Error.WriteLine(e.Message);
    return 1;
}

/// <summary>
/// A cycle every Agent:Interval — or every customerRequestedSynchronizationInterval once an admin set one, as the
/// service answers the cycle's report; a failed cycle is logged and the next one tries again.
/// </summary>
internal sealed class AgentLoop(SyncCycle cycle, AgentSettings settings, ILogger<AgentLoop> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = settings.Interval;
        while (!stoppingToken.IsCancellationRequested)
        {
            try { interval = (await cycle.RunAsync(stoppingToken)).RequestedInterval ?? settings.Interval; }
            catch (CycleFailedException e) { logger.LogError("The cycle failed: {Reason}; the next one is in {Interval}", e.Message, interval); }
            await Task.Delay(interval, stoppingToken);
        }
    }
}
