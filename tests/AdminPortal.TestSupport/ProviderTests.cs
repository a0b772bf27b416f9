using Xunit;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace AdminPortal.TestSupport;

/// <summary>
/// The store and API suites are one class per database, parametrized by provider. SQL Server cannot run on these
/// machines: its classes carry [SqlServer], and their tests are reported as skipped, with the reason, unless
/// ADMINPORTAL_TEST_SQLSERVER holds a connection string to a server they may create databases on.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class SqlServerAttribute : Attribute;

public static class SqlServer
{
    public const string Variable = "ADMINPORTAL_TEST_SQLSERVER";

    public static string? ConnectionString => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } cs ? cs : null;

    public static string? SkipReason(ITestMethod method) =>
        ConnectionString is null && method.TestClass.Class.GetCustomAttributes(typeof(SqlServerAttribute)).Any()
            ? $"No SQL Server is given: set {Variable} to a connection string to run this suite on SQL Server."
            : null;
}

/// <summary>A [Fact] of a provider-parametrized suite.</summary>
[XunitTestCaseDiscoverer("AdminPortal.TestSupport.ProviderFactDiscoverer", "AdminPortal.TestSupport")]
public sealed class ProviderFactAttribute : FactAttribute;

/// <summary>A [Theory] of a provider-parametrized suite.</summary>
[XunitTestCaseDiscoverer("AdminPortal.TestSupport.ProviderTheoryDiscoverer", "AdminPortal.TestSupport")]
public sealed class ProviderTheoryAttribute : TheoryAttribute;

public sealed class ProviderFactDiscoverer(IMessageSink sink) : IXunitTestCaseDiscoverer
{
    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions options, ITestMethod method, IAttributeInfo attribute) =>
        [new ProviderTestCase(sink, options.MethodDisplayOrDefault(), options.MethodDisplayOptionsOrDefault(), method)];
}

public sealed class ProviderTheoryDiscoverer(IMessageSink sink) : TheoryDiscoverer(sink)
{
    protected override IEnumerable<IXunitTestCase> CreateTestCasesForDataRow(ITestFrameworkDiscoveryOptions options, ITestMethod method,
        IAttributeInfo theory, object[] dataRow) =>
        [new ProviderTestCase(DiagnosticMessageSink, options.MethodDisplayOrDefault(), options.MethodDisplayOptionsOrDefault(), method, dataRow)];

    protected override IEnumerable<IXunitTestCase> CreateTestCasesForTheory(ITestFrameworkDiscoveryOptions options, ITestMethod method, IAttributeInfo theory) =>
        [new ProviderTheoryTestCase(DiagnosticMessageSink, options.MethodDisplayOrDefault(), options.MethodDisplayOptionsOrDefault(), method)];
}

public sealed class ProviderTestCase : XunitTestCase
{
    [Obsolete("Called by the de-serializer", error: true)]
    public ProviderTestCase() { }

    public ProviderTestCase(IMessageSink sink, TestMethodDisplay display, TestMethodDisplayOptions displayOptions, ITestMethod method, object[]? arguments = null)
        : base(sink, display, displayOptions, method, arguments) { }

    protected override string GetSkipReason(IAttributeInfo factAttribute) => SqlServer.SkipReason(TestMethod) ?? base.GetSkipReason(factAttribute);
}

public sealed class ProviderTheoryTestCase : XunitTheoryTestCase
{
    [Obsolete("Called by the de-serializer", error: true)]
    public ProviderTheoryTestCase() { }

    public ProviderTheoryTestCase(IMessageSink sink, TestMethodDisplay display, TestMethodDisplayOptions displayOptions, ITestMethod method)
        : base(sink, display, displayOptions, method) { }

    protected override string GetSkipReason(IAttributeInfo factAttribute) => SqlServer.SkipReason(TestMethod) ?? base.GetSkipReason(factAttribute);
}
