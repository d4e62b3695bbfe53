using LiveChat.Gateway.Auth;

namespace LiveChat.Gateway.Chats;

/// <summary>What the rules of an operator's action on a chat decide on: who acts, the chat, and who is in it.</summary>
public sealed record ChatAction(OperatorSnapshot Me, ChatRef Chat, IReadOnlyList<ChatOperator> Operators)
{
    /// <summary>The acting operator and the chat, or why not: 404 for an unknown chat, 403 for another department's.</summary>
    public static async Task<(OperatorSnapshot? Me, ChatRef? Chat, Refusal? Refusal)> LoadAsync(UnitOfWork work, string operatorId, string chatId, bool lockOperator = false)
    {
        // Chat row first, operator row second: the order every path takes, so two actions never deadlock.
        var chat = await ChatRows.LockAsync(work, chatId);
        var me = await OperatorSnapshot.LoadAsync(work, operatorId, lockOperator);
        if (me is null)
        {
            return (null, null, Refusal.Forbidden("Your operator account no longer exists."));
        }

        if (chat is null)
        {
            return (me, null, Refusal.NotFound("chat", chatId));
        }

        if (!me.SeesAllDepartments && !me.WorksIn(chat.DepartmentId) && !await ChatRows.IsParticipantAsync(work, chatId, me.Id))
        {
            return (me, chat, Refusal.Forbidden(ChatAccess.OtherDepartmentDetail));
        }

        return (me, chat, null);
    }

    /// <summary>
    /// The prologue of an operator's action on a chat: lock the chat, load the operator and the operators in it, refuse
    /// what <see cref="LoadAsync"/> refuses, then what the use case's pure <paramref name="decide"/> refuses.
    /// </summary>
    public static async Task<(ChatAction? Action, Refusal? Refusal)> BeginAsync(
        UnitOfWork work, CurrentOperator me, string chatId, Func<ChatAction, Refusal?> decide, bool lockOperator = false)
    {
        var (snapshot, chat, refusal) = await LoadAsync(work, me.Id, chatId, lockOperator);
        if (refusal is not null)
        {
            return (null, refusal);
        }

        var operators = await work.QueryAsync<ChatOperator>(
            $"SELECT participant_id AS id, role FROM chat_participants WHERE chat_id = @chatId AND kind = {Sql.Literal(ParticipantKind.Operator)} AND left_at IS NULL",
            new { chatId });
        var action = new ChatAction(snapshot!, chat!, [.. operators]);
        return decide(action) is { } refused ? (null, refused) : (action, null);
    }

    public string? Owner => Operators.FirstOrDefault(o => o.Role == ParticipantRole.Owner)?.Id;

    public bool IsIn(string operatorId) => Operators.Any(o => o.Id == operatorId);

    /// <summary>In the chat, or a supervisor or admin (who may act on any chat).</summary>
    public bool MeInChatOrSupervisor => Me.SeesAllDepartments || IsIn(Me.Id);

    /// <summary>The refusal when the chat is not in one of <paramref name="states"/>.</summary>
    public Refusal? Unless(StateSet states) => states.Contains(Chat.State) ? null : Refusal.Conflict(StateRefusal(Chat.State));

    /// <summary>Why an action that needs another state is refused, in the operator's words.</summary>
    public static string StateRefusal(string state) => state switch
    {
        ChatState.Queued => "The chat is still waiting in the queue; nobody has picked it up.",
        ChatState.Bot => "The chat is with a bot.",
        ChatState.Ended => "The chat has ended.",
        ChatState.Missed => "The chat was missed and is closed.",
        _ => $"The chat is {state}.",
    };
}

/// <summary>An operator currently in a chat (its owner or invited).</summary>
public sealed record ChatOperator(string Id, string Role);
