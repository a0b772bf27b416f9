using AdminPortal.Data;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace AdminPortal.Benchmarks;

/// <summary>
/// The real app on Kestrel in this process (Development: the development sign-in), over the benchmark's database, so
/// that its managed heap and Blazor's metrics (<see cref="ServerTime"/>) can be read here. Any public type of the Web
/// assembly names its entry point (the benchmark has a Program of its own).
/// </summary>
public sealed class BenchPortal : WebApplicationFactory<AdminPortal.Web.Hosting.DemoSeeder>
{
    private readonly DatabaseSettings database;

    public BenchPortal(DatabaseSettings database)
    {
        this.database = database;
        // Outside a test project the factory cannot guess the Web project's folder; tell it (its documented override).
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_ADMINPORTAL_WEB", Path.Combine(TestSupport.Repository.Root(), "src", "AdminPortal.Web"));
    }

    public OpenCircuits OpenCircuits { get; } = new();

    /// <summary>Starts it on a free loopback port; its address.</summary>
    public string Start()
    {
        var port = TestSupport.Loopback.FreePort();
        UseKestrel(port);
        StartServer();
        return $"http://127.0.0.1:{port}";
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.ConfigureServices(services => services.AddSingleton<CircuitHandler>(OpenCircuits));
        builder.UseEnvironment("Development");
        builder.UseSetting("Portal:SeedDemoData", "false");
        builder.UseSetting("Database:Provider", database.Provider.ToString());
        builder.UseSetting("ConnectionStrings:AdminPortal", database.ConnectionString);
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
    }

    /// <summary>The managed heap after full, compacting collections: what the live objects hold.</summary>
    public static long HeapAfterFullCollection()
    {
        for (var i = 0; i < 3; i++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}

/// <summary>The app's open circuits, counted as the circuits open and end.</summary>
public sealed class OpenCircuits : CircuitHandler
{
    private int open;
    public int Count => Volatile.Read(ref open);

    public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref open);
        return Task.CompletedTask;
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        Interlocked.Decrement(ref open);
        return Task.CompletedTask;
    }
}
