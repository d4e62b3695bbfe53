namespace LiveChat.Gateway.Reports;

/// <summary>One row of <see cref="ChatReportSql"/>; <see cref="ToReport"/> puts the rows together.</summary>
public sealed record ChatReportRow
{
    public required string Kind { get; init; }
    public string? Key { get; init; }
    public string? Label { get; init; }
    public long Day { get; init; }
    public long? N { get; init; }
    public long? M { get; init; }
    public double? X { get; init; }
    public double? Y { get; init; }
    public double? Z { get; init; }

    public static ChatReport ToReport(ReportPeriod period, IReadOnlyList<ChatReportRow> rows)
    {
        int Total(string key) => (int)(rows.FirstOrDefault(r => r.Kind == "total" && r.Key == key)?.N ?? 0);
        DurationStats Duration(string metric) => rows.FirstOrDefault(r => r.Kind == "duration" && r.Key == metric) is { } row
            ? new DurationStats { Count = (int)(row.N ?? 0), MedianSeconds = row.X, P90Seconds = row.Y, AverageSeconds = row.Z }
            : new DurationStats();

        var started = Total("started");
        var missed = Total("missed");
        var days = period.Days.Select((span, i) =>
        {
            var ofDay = rows.Where(r => r.Kind == "day" && r.Day == i).ToList();
            var dayStarted = (int)ofDay.Sum(r => r.N ?? 0);
            var dayMissed = (int)ofDay.Sum(r => r.M ?? 0);
            return new ChatReportDay
            {
                Date = span.Date,
                Started = dayStarted,
                Missed = dayMissed,
                MissedRate = Rate(dayMissed, dayStarted),
                ByChannel = ofDay.OrderBy(r => r.Key, StringComparer.Ordinal).ToDictionary(r => r.Key!, r => (int)(r.N ?? 0), StringComparer.Ordinal),
            };
        }).ToList();
        var bounds = ChatReportSql.WaitBounds;
        var buckets = bounds.Select((lower, i) =>
        {
            int? upper = i + 1 < bounds.Length ? bounds[i + 1] : null;
            var chats = (int)(rows.FirstOrDefault(r => r.Kind == "bucket" && r.Day == i)?.N ?? 0);
            return new WaitBucket(upper is null ? $"{Short(lower)}+" : $"{Short(lower)}–{Short(upper.Value)}", lower, upper, chats);
        }).ToList();
        var operators = rows.Where(r => r.Kind == "operator")
            .Select(r => new OperatorChats(r.Key!, r.Label ?? r.Key!, (int)(r.N ?? 0)))
            .OrderByDescending(o => o.Chats).ThenBy(o => o.Name, StringComparer.Ordinal)
            .ToList();
        return new ChatReport
        {
            From = period.From,
            To = period.To,
            TimeZone = period.Zone.Id,
            Totals = new ChatReportTotals
            {
                Started = started,
                Answered = Total("answered"),
                Missed = missed,
                MissedRate = Rate(missed, started),
                BotOnly = Total("botOnly"),
                Handoffs = Total("handoffs"),
                Transfers = Total("transfers"),
                Reassignments = Total("reassignments"),
                Summaries = Total("summaries"),
                WaitBeforePickUp = Duration("wait"),
                FirstResponse = Duration("response"),
                Handling = Duration("handling"),
            },
            Days = days,
            WaitDistribution = buckets,
            Operators = operators,
        };
    }

    private static double Rate(int part, int whole) => whole == 0 ? 0 : Math.Round((double)part / whole, 4);

    private static string Short(int seconds) => seconds < 60 ? $"{seconds}s" : $"{seconds / 60}m";
}
