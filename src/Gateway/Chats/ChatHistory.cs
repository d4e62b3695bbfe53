namespace LiveChat.Gateway.Chats;

/// <summary>The chat's own record of who changed what, and when.</summary>
public static class ChatHistory
{
    public static Task AddAsync(UnitOfWork work, string chatId, string action, string actorKind, string? actorId, string? detail, DateTimeOffset at) =>
        work.ExecuteAsync(
            "INSERT INTO chat_history (chat_id, action, actor_kind, actor_id, detail, at) VALUES (@chatId, @action, @actorKind, @actorId, @detail, @at)",
            new { chatId, action, actorKind, actorId, detail, at });
}
