using LiveChat.Gateway.Events;

namespace LiveChat.Gateway.Chats;

/// <summary>
/// A disabled operator lets go of their chats in the transaction that disables them, so no customer waits on someone
/// who cannot sign in: each chat they own goes back to its department's queue (an end countdown is cancelled, because
/// a customer who writes again must reach someone), their invited places end, and chats offered to them are offered on.
/// Their ended chats stay theirs in the history.
/// </summary>
public static class DisabledOperatorChats
{
    public static async Task ReleaseAsync(UnitOfWork work, string operatorId, string operatorName, Actor by, DateTimeOffset now)
    {
        var held = await work.QueryAsync<(string ChatId, string Role)>(
            $"""
            SELECT p.chat_id, p.role FROM chat_participants p JOIN chats c ON c.id = p.chat_id
            WHERE p.kind = {Sql.Literal(ParticipantKind.Operator)} AND p.participant_id = @operatorId AND p.left_at IS NULL AND c.state {Sql.In(ChatState.Open)}
            ORDER BY p.chat_id
            """,
            new { operatorId });
        var detail = $"{operatorId}, who was disabled";
        foreach (var (chatId, role) in held)
        {
            var chat = await ChatRows.LockAsync(work, chatId);
            var left = await work.ExecuteAsync(
                $"UPDATE chat_participants SET left_at = @now WHERE chat_id = @chatId AND kind = {Sql.Literal(ParticipantKind.Operator)} AND participant_id = @operatorId AND left_at IS NULL",
                new { chatId, operatorId, now });
            if (chat is null || left == 0)
            {
                continue;
            }

            if (role != ParticipantRole.Owner)
            {
                await InviteOperator.OnLeftAsync(work, chat, operatorId, operatorName, by, detail, now);
                continue;
            }

            // Their transfer or invitations cannot be answered on a queued chat.
            await work.ExecuteAsync(
                $"UPDATE chat_requests SET state = {Sql.Literal(RequestState.Cancelled)}, resolved_at = @now WHERE chat_id = @chatId AND state = {Sql.Literal(RequestState.Pending)}", new { chatId, now });
            var note = $"{operatorName} was disabled; the chat is back in the queue.";
            if (await ChatLifecycle.TryQueueAsync(work, chatId, ChatState.WithOperator, null, Actor.Operator(operatorId, operatorName), "disabled", note, now) is not null)
            {
                await ChatHistory.AddAsync(work, chatId, "requeued", by.Kind, by.Id, $"from {detail}", now);
                work.Raise(new ChatUnassigned(chatId, operatorId, null, null, "requeued", by.ToData(), now), new EventRoute(chatId, chat.DepartmentId, operatorId));
            }
        }

        // An offer that lapses now goes to the next operator at the next routing sweep.
        var offered = await work.QueryAsync<string>(
            $"UPDATE chats SET offer_expires_at = @now, updated_at = @now WHERE state = {Sql.Literal(ChatState.Queued)} AND offered_operator_id = @operatorId AND offer_expires_at > @now RETURNING id",
            new { operatorId, now });
        foreach (var chatId in offered)
        {
            await ChatHistory.AddAsync(work, chatId, "offerWithdrawn", by.Kind, by.Id, detail, now);
        }
    }
}
