namespace LiveChat.OperatorConsole.State;

public static class ChatLists
{
    public static bool IsOpen(ChatView chat) => chat.State is "queued" or "bot" or "active" or "ending";

    public static bool WithHuman(ChatView chat) => chat.State is "active" or "ending";

    /// <summary>I am in it now (owner or invited guest) and it still needs an operator.</summary>
    public static bool IsMine(ChatView chat, string operatorId) =>
        WithHuman(chat) && chat.Participants.Any(p => p.Kind == "operator" && p.Id == operatorId && p.LeftAt is null);

    public static ParticipantView? Owner(ChatView chat) =>
        chat.Participants.LastOrDefault(p => p.Kind is "operator" or "bot" && p.Role == "owner" && p.LeftAt is null);

    public static IEnumerable<ChatView> Select(IEnumerable<ChatView> chats, ChatListKind kind, string operatorId, ChatFilter filter)
    {
        var matching = chats.Where(filter.Matches);
        return kind switch
        {
            ChatListKind.Queued => matching.Where(c => c.State == "queued").OrderBy(c => c.QueuedAt ?? c.StartedAt).ThenBy(c => c.Id, StringComparer.Ordinal),
            ChatListKind.Mine => matching.Where(c => IsMine(c, operatorId)).OrderBy(c => c.AssignedAt ?? c.StartedAt),
            ChatListKind.Active => matching.Where(c => c.State is "bot" or "active" or "ending").OrderBy(c => c.StartedAt),
            ChatListKind.Recent => matching.Where(c => c.State is "ended" or "missed").OrderByDescending(c => c.EndedAt ?? c.StartedAt),
            ChatListKind.Missed => matching.Where(c => c.State == "missed").OrderByDescending(c => c.EndedAt ?? c.StartedAt),
            _ => [],
        };
    }
}

/// <summary>The lists on the left, as the operator names them; each is a pure view over the chats the store holds.</summary>
public enum ChatListKind
{
    Queued,
    Mine,
    Active,
    Recent,
    Missed,
}

public sealed record ChatFilter(string? DepartmentId = null, string? Channel = null, string? Tag = null)
{
    public bool Matches(ChatView chat) =>
        (DepartmentId is null || chat.DepartmentId == DepartmentId)
        && (Channel is null || chat.Channel == Channel)
        && (Tag is null || chat.Tags.Contains(Tag, StringComparer.OrdinalIgnoreCase));
}
