namespace LiveChat.Gateway.Chats;

/// <summary>A chat's rows as a unit of work reads them for a change: the chat locked, its owner, who is in it.</summary>
public static class ChatRows
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

    /// <summary>The operator who owns the chat now, if one does.</summary>
    public static Task<string?> OwnerAsync(UnitOfWork work, string chatId) =>
        work.ScalarAsync<string>(
            $"SELECT participant_id FROM chat_participants WHERE chat_id = @chatId AND kind = {Sql.Literal(ParticipantKind.Operator)} AND role = {Sql.Literal(ParticipantRole.Owner)} AND left_at IS NULL",
            new { chatId });

    /// <summary>Whether <paramref name="operatorId"/> is in the chat now (its owner or invited).</summary>
    public static async Task<bool> IsParticipantAsync(UnitOfWork work, string chatId, string operatorId) =>
        await work.ScalarAsync<long>(
            $"SELECT COUNT(*) FROM chat_participants WHERE chat_id = @chatId AND kind = {Sql.Literal(ParticipantKind.Operator)} AND participant_id = @operatorId AND left_at IS NULL",
            new { chatId, operatorId }) > 0;
}
