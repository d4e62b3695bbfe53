namespace LiveChat.Gateway.Chats;

/// <summary>What the rules of an operator's action on a chat decide on: who acts, the chat, and who is in it.</summary>
public sealed record ChatAction(OperatorSnapshot Me, ChatRef Chat, IReadOnlyList<ChatOperator> Operators)
{
    public string? Owner => Operators.FirstOrDefault(o => o.Role == ParticipantRole.Owner)?.Id;

    public bool IsIn(string operatorId) => Operators.Any(o => o.Id == operatorId);

    /// <summary>In the chat, or a supervisor or admin (who may act on any chat).</summary>
    public bool MeInChatOrSupervisor => Me.SeesAllDepartments || IsIn(Me.Id);

    /// <summary>The refusal when the chat is not in one of <paramref name="states"/>.</summary>
    public Refusal? Unless(StateSet states) => states.Contains(Chat.State) ? null : Refusal.Conflict(ChatCommands.StateRefusal(Chat.State));
}

/// <summary>An operator currently in a chat (its owner or invited).</summary>
public sealed record ChatOperator(string Id, string Role);
