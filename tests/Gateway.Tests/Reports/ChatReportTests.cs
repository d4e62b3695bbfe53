namespace LiveChat.Gateway.Tests.Reports;

public sealed class ChatReportTests(ReportsFixture fixture) : ChatReportCases(fixture), IClassFixture<ReportsFixture>;

public sealed class SqliteChatReportTests(SqliteReportsFixture fixture) : ChatReportCases(fixture), IClassFixture<SqliteReportsFixture>;

/// <summary>The report's numbers through HTTP, on each storage provider.</summary>
public abstract class ChatReportCases(ReportsFixture fixture)
{
    private static readonly DateOnly s_day0 = ReportsFixture.Day0;

    private Task<ChatReport> ReportAsync(string query) =>
        fixture.Supervisor.Http.GetFromJsonAsync<ChatReport>($"/api/v1/reports/chats?{query}")!;

    private static string Range(DateOnly from, DateOnly to) => $"from={from:yyyy-MM-dd}&to={to:yyyy-MM-dd}";

    [Fact]
    public async Task CountsAndTimesOfADayComeFromTheChatsOfThatDay()
    {
        var report = await ReportAsync(Range(s_day0, s_day0) + $"&departmentId={fixture.DepartmentId}");

        var totals = report.Totals;
        Assert.Equal((2, 1, 1, 0.5), (totals.Started, totals.Answered, totals.Missed, totals.MissedRate));
        Assert.Equal((1, 40d, 40d), (totals.WaitBeforePickUp.Count, totals.WaitBeforePickUp.MedianSeconds!.Value, totals.WaitBeforePickUp.P90Seconds!.Value));
        Assert.Equal(20d, totals.FirstResponse.MedianSeconds);
        Assert.Equal(300d, totals.Handling.MedianSeconds);
        Assert.Equal((0, 0, 0), (totals.BotOnly, totals.Handoffs, totals.Transfers));
        var day = Assert.Single(report.Days);
        Assert.Equal((s_day0, 2, 1), (day.Date, day.Started, day.Missed));
        Assert.Equal(2, day.ByChannel["whatsapp"]);
        Assert.Equal(1, report.WaitDistribution.Single(b => b.FromSeconds == 30).Chats);
        Assert.Equal(1, report.WaitDistribution.Sum(b => b.Chats));
        var owner = Assert.Single(report.Operators);
        Assert.Equal((fixture.Supervisor.Id, 1), (owner.OperatorId, owner.Chats));
    }

    [Fact]
    public async Task DaysAreTheTimeZonesLocalDays()
    {
        var utc = await ReportAsync(Range(s_day0, s_day0.AddDays(2)));
        var tokyo = await ReportAsync(Range(s_day0, s_day0.AddDays(2)) + "&timeZone=Asia/Tokyo");

        Assert.Equal([2, 1, 0], utc.Days.Select(d => d.Started));
        Assert.Equal([2, 0, 1], tokyo.Days.Select(d => d.Started));
        Assert.Equal("Asia/Tokyo", tokyo.TimeZone);
        Assert.Equal((3, 2), (tokyo.Totals.Started, tokyo.Totals.Answered));
        Assert.Equal([40d, 200d], new[] { tokyo.Totals.WaitBeforePickUp.MedianSeconds!.Value, tokyo.Totals.WaitBeforePickUp.P90Seconds!.Value });
        Assert.Equal(1, tokyo.WaitDistribution.Single(b => b.FromSeconds == 120).Chats);
    }

    [Fact]
    public async Task FiltersNarrowTheChats()
    {
        var byAgent = await ReportAsync(Range(s_day0, s_day0.AddDays(2)) + $"&operatorId={fixture.Agent.Id}");
        var otherDepartment = await ReportAsync(Range(s_day0, s_day0.AddDays(2)) + $"&departmentId={fixture.OtherDepartmentId}");
        var otherChannel = await ReportAsync(Range(s_day0, s_day0.AddDays(2)) + "&channel=messenger");

        Assert.Equal((1, 1), (byAgent.Totals.Started, byAgent.Totals.Answered));
        Assert.Equal(fixture.Agent.Id, Assert.Single(byAgent.Operators).OperatorId);
        Assert.Equal(0, otherDepartment.Totals.Started);
        Assert.Equal(0, otherChannel.Totals.Started);
    }

    [Fact]
    public async Task AnEmptyRangeHasZerosAndNoDurations()
    {
        var report = await ReportAsync(Range(s_day0.AddDays(-40), s_day0.AddDays(-36)));

        Assert.Equal(5, report.Days.Count);
        Assert.All(report.Days, d => Assert.Equal((0, 0.0), (d.Started, d.MissedRate)));
        Assert.Equal((0, 0.0), (report.Totals.Started, report.Totals.MissedRate));
        Assert.Null(report.Totals.WaitBeforePickUp.MedianSeconds);
        Assert.Equal(0, report.Totals.Handling.Count);
        Assert.Empty(report.Operators);
        Assert.All(report.WaitDistribution, b => Assert.Equal(0, b.Chats));
    }

    [Fact]
    public async Task AgentsAreRefused()
    {
        var response = await fixture.Agent.Http.GetAsync($"/api/v1/reports/chats?{Range(s_day0, s_day0)}");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Theory]
    [InlineData("timeZone=Mars/Olympus", "timeZone")]
    [InlineData("from=2026-11-05&to=2026-11-01", "from")]
    [InlineData("from=2024-01-01&to=2026-01-01", "to")]
    public async Task ABadRangeNamesTheField(string query, string field)
    {
        var response = await fixture.Supervisor.Http.GetAsync($"/api/v1/reports/chats?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }
}
