using AdminPortal.SyncRules.SyncClients;

namespace AdminPortal.SyncRules.Tests;

/// <summary>The sync client's report: checked field by field; the interval it keeps, when it is due and when it is overdue.</summary>
public class SyncClientReportTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);

    private static SyncClientReportRequest Valid => new()
    {
        SynchronizationClientVersion = "2.4.18.0", SynchronizationInterval = "PT30M",
        CurrentExportData = new CurrentExportDataRequest { ClientMachineName = "DC-SYNC01", SuccessfulLinksProvisioningCount = 3_000_000_000 },
    };

    [Fact]
    public void A_valid_report_is_taken_with_graphs_duration_and_zero_for_counts_not_sent()
    {
        var report = SyncClientReportValidator.Validate(Valid, "key:agent", Now);
        Assert.Equal((TimeSpan.FromMinutes(30), "DC-SYNC01", 3_000_000_000L, 0, Now), (report.SynchronizationInterval, report.MachineName,
            report.CurrentExport.SuccessfulLinksProvisioningCount, report.CurrentExport.TotalConnectorSpaceObjects, report.ReportedDateTime));
        Assert.Equal("PT30M", SyncClientReportValidator.Iso(report.SynchronizationInterval));
    }

    [Theory]
    [InlineData("PT30S", "synchronizationInterval")]
    [InlineData("P8D", "synchronizationInterval")]
    [InlineData("30 minutes", "synchronizationInterval")]
    public void An_interval_out_of_bounds_or_not_iso_is_refused_by_name(string interval, string field)
    {
        var refused = Assert.Throws<InputValidationException>(() => SyncClientReportValidator.Validate(Valid with { SynchronizationInterval = interval }, "k", Now));
        Assert.Equal([field], refused.Errors.Keys);
    }

    [Fact]
    public void Every_bad_field_is_named_at_once()
    {
        var refused = Assert.Throws<InputValidationException>(() => SyncClientReportValidator.Validate(new SyncClientReportRequest
        {
            SynchronizationClientVersion = new string('9', 65), SynchronizationInterval = "PT1H",
            CurrentExportData = new CurrentExportDataRequest { ClientMachineName = "DC\u0007", PendingObjectsUpdate = -1 },
        }, "k", Now));
        Assert.Equal(["currentExportData.clientMachineName", "currentExportData.pendingObjectsUpdate", "synchronizationClientVersion"], refused.Errors.Keys.Order());
        Assert.Equal(["currentExportData"], Assert.Throws<InputValidationException>(() =>
            SyncClientReportValidator.Validate(Valid with { CurrentExportData = null }, "k", Now)).Errors.Keys);
    }

    [Fact]
    public void The_admins_interval_wins_and_a_client_is_overdue_after_two_of_its_intervals()
    {
        var report = SyncClientReportValidator.Validate(Valid, "k", Now);
        var own = new SyncClientStatus(Guid.NewGuid(), report, null);
        Assert.Equal(Now.AddMinutes(30), own.NextExportDue);
        Assert.False(own.IsOverdue(Now.AddMinutes(60)));
        Assert.True(own.IsOverdue(Now.AddMinutes(61)));

        var asked = own with { CustomerRequestedInterval = TimeSpan.FromHours(2) };
        Assert.Equal(Now.AddHours(2), asked.NextExportDue);
        Assert.False(asked.IsOverdue(Now.AddHours(3)));
        Assert.False(new SyncClientStatus(Guid.NewGuid(), null, TimeSpan.FromHours(1)).IsOverdue(Now.AddYears(1)));
    }

    [Theory]
    [InlineData(29, "at least 30 minutes")]
    [InlineData(60 * 24 * 8, "at most 7 days")]
    public void An_admin_may_ask_for_thirty_minutes_to_a_week(int minutes, string expected)
    {
        Assert.Contains(expected, SyncClientStatus.RequestedIntervalProblem(TimeSpan.FromMinutes(minutes)));
        Assert.Null(SyncClientStatus.RequestedIntervalProblem(TimeSpan.FromMinutes(30)));
        Assert.Null(SyncClientStatus.RequestedIntervalProblem(null));
    }
}
