namespace LiveChat.Contracts;

/// <summary>The chat report over local days [From, To] in TimeZone, filtered by department, channel and operator.</summary>
public sealed record ChatReport
{
    public required DateOnly From { get; init; }
    public required DateOnly To { get; init; }
    public required string TimeZone { get; init; }
    public string? DepartmentId { get; init; }
    public string? Channel { get; init; }
    public string? OperatorId { get; init; }
    public required ChatReportTotals Totals { get; init; }
    public required IReadOnlyList<ChatReportDay> Days { get; init; }
    public required IReadOnlyList<WaitBucket> WaitDistribution { get; init; }
    public required IReadOnlyList<OperatorChats> Operators { get; init; }
}

/// <summary>The range's figures. Durations are in seconds; a rate is between 0 and 1.</summary>
public sealed record ChatReportTotals
{
    public int Started { get; init; }
    public int Answered { get; init; }
    public int Missed { get; init; }
    public double MissedRate { get; init; }
    public int BotOnly { get; init; }
    public int Handoffs { get; init; }
    public int Transfers { get; init; }
    public int Reassignments { get; init; }
    public int Summaries { get; init; }
    public required DurationStats WaitBeforePickUp { get; init; }
    public required DurationStats FirstResponse { get; init; }
    public required DurationStats Handling { get; init; }
}

/// <summary>How many chats had this duration, and its median, 90th percentile (nearest rank) and average in seconds.</summary>
public sealed record DurationStats
{
    public int Count { get; init; }
    public double? MedianSeconds { get; init; }
    public double? P90Seconds { get; init; }
    public double? AverageSeconds { get; init; }
}

/// <summary>One local day: chats started per channel, and how many of them were missed.</summary>
public sealed record ChatReportDay
{
    public required DateOnly Date { get; init; }
    public int Started { get; init; }
    public int Missed { get; init; }
    public double MissedRate { get; init; }
    public required IReadOnlyDictionary<string, int> ByChannel { get; init; }
}

/// <summary>Chats whose wait before pick-up was at least FromSeconds and less than ToSeconds (null: no upper bound).</summary>
public sealed record WaitBucket(string Label, int FromSeconds, int? ToSeconds, int Chats);

/// <summary>Chats an operator owned (picked up, was assigned or transferred).</summary>
public sealed record OperatorChats(string OperatorId, string Name, int Chats);
