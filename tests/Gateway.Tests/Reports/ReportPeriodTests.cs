using LiveChat.Gateway.Reports;

namespace LiveChat.Gateway.Tests.Reports;

public sealed class ReportPeriodTests
{
    private static readonly DateTimeOffset s_now = new(2026, 3, 29, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ADayWithTheClocksGoingForwardIs23HoursLong()
    {
        var (period, _, _) = ReportPeriod.Decide(new DateOnly(2026, 3, 29), new DateOnly(2026, 3, 29), "Europe/Berlin", s_now);

        var day = Assert.Single(period!.Days);
        Assert.Equal(new DateTimeOffset(2026, 3, 28, 23, 0, 0, TimeSpan.Zero), day.Start);
        Assert.Equal(TimeSpan.FromHours(23), day.End - day.Start);
    }

    [Fact]
    public void WithoutDatesItIsTheLastSevenLocalDays()
    {
        var (period, _, _) = ReportPeriod.Decide(null, null, "Pacific/Kiritimati", s_now);

        Assert.Equal((new DateOnly(2026, 3, 24), new DateOnly(2026, 3, 30)), (period!.From, period.To));
        Assert.Equal(7, period.Days.Count);
    }

    [Fact]
    public void AMidnightTheClockSkipsStartsAtTheFirstValidTime()
    {
        // Chile moves from 24:00 to 01:00 in September.
        var start = ReportPeriod.StartOf(new DateOnly(2026, 9, 6), TimeZoneInfo.FindSystemTimeZoneById("America/Santiago"));

        Assert.Equal(new DateTimeOffset(2026, 9, 6, 4, 0, 0, TimeSpan.Zero), start);
    }
}
