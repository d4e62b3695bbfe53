using LiveChat.Gateway.Events;
using LiveChat.Gateway.Outbox;

namespace LiveChat.Gateway.Chats;

/// <summary>Tells queued visitors their position and estimated wait: on queueing, and whenever the queue moves.</summary>
public static class QueueNotices
{
    /// <summary>Visitors further back than this are told when they move into it, not at every step.</summary>
    private const int NotifiedPositions = 50;

    public static async Task TellPositionAsync(UnitOfWork work, ChatRef chat, DateTimeOffset queuedAt, DateTimeOffset now)
    {
        // The place in the queue and the department's pace, in one round trip.
        using var results = await work.QueryMultipleAsync(
            $"""
            SELECT COUNT(*) FROM chats WHERE state = {Sql.Literal(ChatState.Queued)} AND department_id = @departmentId AND id <> @chatId AND (queued_at < @queuedAt OR (queued_at = @queuedAt AND id < @chatId));
            {PaceSql}
            """,
            new { departmentId = chat.DepartmentId, chatId = chat.Id, queuedAt });
        var ahead = await results.ReadSingleAsync<long>();
        var (online, average) = await ReadPaceAsync(results);
        await TellAsync(work, chat, (int)ahead + 1, online, average, now);
    }

    /// <summary>A chat left the queue: everyone who was behind it moves up one place and is told.</summary>
    public static async Task QueueMovedAsync(UnitOfWork work, string departmentId, string leftChatId, DateTimeOffset leftQueuedAt, DateTimeOffset now)
    {
        // Those still ahead of where the chat was and those behind it, in queue order (queued_at, then id, as TellPositionAsync
        // counts), and the department's pace, in one round trip.
        using var results = await work.QueryMultipleAsync(
            $"""
            SELECT COUNT(*) FROM chats WHERE state = {Sql.Literal(ChatState.Queued)} AND department_id = @departmentId AND (queued_at < @leftQueuedAt OR (queued_at = @leftQueuedAt AND id < @leftChatId));
            SELECT {ChatOpener.ChatColumns} FROM chats
            WHERE state = {Sql.Literal(ChatState.Queued)} AND department_id = @departmentId AND (queued_at > @leftQueuedAt OR (queued_at = @leftQueuedAt AND id > @leftChatId))
            ORDER BY queued_at, id LIMIT {NotifiedPositions};
            {PaceSql}
            """,
            new { departmentId, leftChatId, leftQueuedAt });
        var ahead = (int)await results.ReadSingleAsync<long>();
        var behind = (await results.ReadAsync<ChatRef>()).ToList();
        var (online, average) = await ReadPaceAsync(results);
        for (var i = 0; i < behind.Count && ahead + i < NotifiedPositions; i++)
        {
            var position = ahead + i + 1;
            if (IsWorthTelling(position))
            {
                await TellAsync(work, behind[i], position, online, average, now);
            }
        }
    }

    /// <summary>
    /// When the queue moves, a visitor hears of it near the front (3rd, 2nd, next) and at every tenth place, not at
    /// every step: on WhatsApp or Messenger each notice is a message on the customer's phone, and a rush of pick-ups
    /// or misses would otherwise send dozens of them to each waiting customer.
    /// </summary>
    internal static bool IsWorthTelling(int position) => position <= 3 || position % 10 == 0;

    private static async Task TellAsync(UnitOfWork work, ChatRef chat, int position, int online, TimeSpan average, DateTimeOffset now)
    {
        var wait = QueueEstimate.Wait(position, online, average);
        await OutboundMessages.AppendSystemTextAsync(work, chat, QueueEstimate.Describe(position, wait), now);
        work.Raise(new ChatQueuePosition(chat.Id, position, (int)wait.TotalSeconds, now), EventRoute.Chat(chat.Id, chat.DepartmentId));
    }

    /// <summary>Online operators of @departmentId, then its last pick-ups: read with <see cref="ReadPaceAsync"/>.</summary>
    private static readonly string PaceSql =
        $"""
        SELECT COUNT(*) FROM operators o JOIN operator_departments d ON d.operator_id = o.id WHERE d.department_id = @departmentId AND o.status = {Sql.Literal(OperatorState.Online)};
        SELECT queued_at, assigned_at FROM chats
        WHERE department_id = @departmentId AND assigned_at IS NOT NULL AND queued_at IS NOT NULL
        ORDER BY assigned_at DESC LIMIT 20
        """;

    private static async Task<(int Online, TimeSpan AveragePickup)> ReadPaceAsync(SqlMapper.GridReader results)
    {
        var online = await results.ReadSingleAsync<long>();
        var recent = await results.ReadAsync<RecentPickup>();
        return ((int)online, QueueEstimate.AveragePickup(recent.Select(r => r.AssignedAt - r.QueuedAt)));
    }

    private sealed record RecentPickup
    {
        public DateTimeOffset QueuedAt { get; init; }
        public DateTimeOffset AssignedAt { get; init; }
    }
}
