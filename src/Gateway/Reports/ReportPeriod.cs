namespace LiveChat.Gateway.Reports;

/// <summary>
/// The local days [From, To] of a time zone as UTC spans, so the database compares instants only and a day with a
/// daylight-saving change is 23 or 25 hours long.
/// </summary>
public sealed record ReportPeriod(DateOnly From, DateOnly To, TimeZoneInfo Zone, IReadOnlyList<ReportDaySpan> Days)
{
    public const int MaxDays = 366;

    /// <summary>The period asked for, or the field that is wrong and why. Without dates: the last 7 days up to today.</summary>
    public static (ReportPeriod? Period, string? Field, string? Error) Decide(DateOnly? from, DateOnly? to, string? timeZone, DateTimeOffset now)
    {
        TimeZoneInfo zone;
        if (string.IsNullOrWhiteSpace(timeZone))
        {
            zone = TimeZoneInfo.Utc;
        }
        else if (!TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out zone!))
        {
            return (null, "timeZone", $"'timeZone' must be a time zone such as Europe/Berlin; '{timeZone}' is unknown.");
        }

        var last = to ?? DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        var first = from ?? last.AddDays(-6);
        if (first > last)
        {
            return (null, "from", "'from' must not be after 'to'.");
        }

        if (last.DayNumber - first.DayNumber + 1 > MaxDays)
        {
            return (null, "to", $"A report covers at most {MaxDays} days.");
        }

        var days = new List<ReportDaySpan>();
        for (var day = first; day <= last; day = day.AddDays(1))
        {
            days.Add(new ReportDaySpan(day, StartOf(day, zone), StartOf(day.AddDays(1), zone)));
        }

        return (new ReportPeriod(first, last, zone, days), null, null);
    }

    /// <summary>The instant a local day begins: midnight, or the first valid time after it where a clock change skips midnight.</summary>
    public static DateTimeOffset StartOf(DateOnly day, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(15);
        }

        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }
}

/// <summary>One local day of a report and the instants it spans.</summary>
public sealed record ReportDaySpan(DateOnly Date, DateTimeOffset Start, DateTimeOffset End);
