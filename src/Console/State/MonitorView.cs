namespace LiveChat.OperatorConsole.State;

/// <summary>The live monitor's groups, made from the chats the store follows.</summary>
public static class MonitorView
{
    public static bool IsOpen(ChatView chat) => chat.State is "queued" or "bot" or "active" or "ending";

    public static string? Owner(ChatView chat) =>
        chat.Participants.FirstOrDefault(p => p.Kind == "operator" && p.Role == "owner" && p.LeftAt is null)?.Id;

    public static IReadOnlyList<ChatGroup> ByOperator(IEnumerable<ChatView> chats, IReadOnlyList<OperatorView> operators) =>
        [.. chats.Where(c => c.State is "active" or "ending")
            .GroupBy(c => Owner(c) ?? string.Empty, StringComparer.Ordinal)
            .Select(g => new ChatGroup(operators.FirstOrDefault(o => o.Id == g.Key)?.Name ?? (g.Key.Length == 0 ? "No owner" : g.Key), [.. g.OrderBy(c => c.AssignedAt)]))
            .OrderBy(g => g.Title, StringComparer.CurrentCulture)];

    public static IReadOnlyList<ChatView> WithBots(IEnumerable<ChatView> chats) => [.. chats.Where(c => c.State == "bot").OrderBy(c => c.StartedAt)];

    public static IReadOnlyList<ChatView> Queued(IEnumerable<ChatView> chats) => [.. chats.Where(c => c.State == "queued").OrderBy(c => c.QueuedAt ?? c.StartedAt)];

    public static IReadOnlyList<DepartmentQueue> Queues(
        IEnumerable<ChatView> chats, IReadOnlyList<DepartmentView> departments, IReadOnlyDictionary<string, int> missedToday, DateTimeOffset now) =>
        [.. departments.Select(d =>
        {
            var queued = chats.Where(c => c.State == "queued" && c.DepartmentId == d.Id).ToList();
            TimeSpan? longest = queued.Count == 0 ? null : now - queued.Min(c => c.QueuedAt ?? c.StartedAt);
            return new DepartmentQueue(d.Id, d.Name, queued.Count, longest, missedToday.TryGetValue(d.Id, out var missed) ? missed : null);
        })];

    public static IReadOnlyList<OperatorLoad> Loads(IEnumerable<ChatView> chats, IReadOnlyList<OperatorView> operators)
    {
        var owned = chats.Where(c => c.State is "active" or "ending").Select(Owner).OfType<string>().CountBy(id => id).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        return [.. operators.Select(o => new OperatorLoad(o, owned.GetValueOrDefault(o.Id)))];
    }

    /// <summary>How long a chat has waited (queued) or run (otherwise), as the monitor shows it.</summary>
    public static string Elapsed(ChatView chat, DateTimeOffset now)
    {
        var since = chat.State == "queued" ? chat.QueuedAt ?? chat.StartedAt : chat.AssignedAt ?? chat.StartedAt;
        return Span(now - since);
    }

    public static string Span(TimeSpan span) => span.TotalHours >= 1 ? $"{(int)span.TotalHours} h {span.Minutes} min" : $"{span.Minutes} min {span.Seconds:00} s";
}

/// <summary>A group of open chats on the monitor: an operator's, the bots', or a department's queue.</summary>
public sealed record ChatGroup(string Title, IReadOnlyList<ChatView> Chats);

/// <summary>A department's queue on the monitor.</summary>
public sealed record DepartmentQueue(string DepartmentId, string Name, int Queued, TimeSpan? LongestWait, int? MissedToday);

/// <summary>An operator's line on the monitor: their account, and how many open chats they own now.</summary>
public sealed record OperatorLoad(OperatorView Operator, int OpenChats);
