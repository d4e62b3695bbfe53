using LiveChat.Gateway.Auth;
using LiveChat.Gateway.Events;

namespace LiveChat.Gateway.Chats;

/// <summary>What the chat actions share: loading a chat under lock, who owns it, and the chat as the route answers with it.</summary>
public static class ChatCommands
{
    /// <summary>
    /// Locks the chat row for this transaction. NO KEY UPDATE, not UPDATE: other transactions still insert rows that
    /// reference the chat (a queue notice, a message) without waiting, so two pick-ups in one queue, each telling the
    /// other's visitor that the queue moved, cannot deadlock.
    /// </summary>
    public static Task<ChatRef?> LockAsync(UnitOfWork work, string chatId) =>
        work.SingleOrDefaultAsync<ChatRef>(
            $"SELECT {ChatOpener.ChatColumns} FROM chats WHERE id = @chatId{(work.Connection is Npgsql.NpgsqlConnection ? " FOR NO KEY UPDATE" : string.Empty)}",
            new { chatId });

    public static Task<string?> OwnerAsync(UnitOfWork work, string chatId) =>
        work.ScalarAsync<string>(
            $"SELECT participant_id FROM chat_participants WHERE chat_id = @chatId AND kind = {Sql.Literal(ParticipantKind.Operator)} AND role = {Sql.Literal(ParticipantRole.Owner)} AND left_at IS NULL",
            new { chatId });

    public static async Task<bool> IsParticipantAsync(UnitOfWork work, string chatId, string operatorId) =>
        await work.ScalarAsync<long>(
            $"SELECT COUNT(*) FROM chat_participants WHERE chat_id = @chatId AND kind = {Sql.Literal(ParticipantKind.Operator)} AND participant_id = @operatorId AND left_at IS NULL",
            new { chatId, operatorId }) > 0;

    /// <summary>The acting operator and the chat, or why not: 404 for an unknown chat, 403 for another department's.</summary>
    public static async Task<(OperatorSnapshot? Me, ChatRef? Chat, Refusal? Refusal)> LoadAsync(UnitOfWork work, string operatorId, string chatId, bool lockOperator = false)
    {
        // Chat row first, operator row second: the order every path takes, so two actions never deadlock.
        var chat = await LockAsync(work, chatId);
        var me = await OperatorSnapshot.LoadAsync(work, operatorId, lockOperator);
        if (me is null)
        {
            return (null, null, Refusal.Forbidden("Your operator account no longer exists."));
        }

        if (chat is null)
        {
            return (me, null, Refusal.NotFound("chat", chatId));
        }

        if (!me.SeesAllDepartments && !me.WorksIn(chat.DepartmentId) && !await IsParticipantAsync(work, chatId, me.Id))
        {
            return (me, chat, Refusal.Forbidden(ChatAccess.OtherDepartmentDetail));
        }

        return (me, chat, null);
    }

    /// <summary>
    /// The prologue of an operator's action on a chat: lock the chat, load the operator and the operators in it, refuse
    /// what <see cref="LoadAsync"/> refuses, then what the use case's pure <paramref name="decide"/> refuses.
    /// </summary>
    public static async Task<(ChatAction? Action, Refusal? Refusal)> ActAsync(
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

    /// <summary>The route's answer to an action on a chat: the chat as it is after commit, or the refusal.</summary>
    public static async Task<Results<Ok<ChatView>, ProblemHttpResult>> ViewOrProblemAsync(
        this Task<Refusal?> outcome, Db db, ReplyWindowClock windows, string chatId, CancellationToken cancellationToken) =>
        await outcome is { } refusal ? refusal.ToProblem() : TypedResults.Ok(await ViewAsync(db, windows, chatId, cancellationToken));

    /// <summary>The chat in its public shape, read after commit.</summary>
    public static async Task<ChatView> ViewAsync(Db db, ReplyWindowClock windows, string chatId, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        return (await ChatReader.ReadAsync(connection, "c.id = @chatId", new { chatId }, string.Empty, windows, cancellationToken))[0];
    }

    public static string StateRefusal(string state) => state switch
    {
        ChatState.Queued => "The chat is still waiting in the queue; nobody has picked it up.",
        ChatState.Bot => "The chat is with a bot.",
        ChatState.Ended => "The chat has ended.",
        ChatState.Missed => "The chat was missed and is closed.",
        _ => $"The chat is {state}.",
    };
}
