using System.Security.Claims;
using LiveChat.Channels.Inbox;
using LiveChat.Gateway.Events;

namespace LiveChat.Gateway.Chats;

/// <summary>
/// Sends a reply that failed (the channel refused it, or every attempt ran out) once more: the message goes back to
/// pending with a new outbox row, in the chat's order from now on. Only failed replies of an open chat can be retried.
/// </summary>
public static class RetryMessage
{
    public static IEndpointRouteBuilder MapRetryMessage(this IEndpointRouteBuilder api)
    {
        api.MapPost("/chats/{id}/messages/{messageId}/retry", HandleAsync).WithTags("Chats").WithName("RetryMessage")
            .WithSummary("Send a failed reply again; 409 unless the message failed and the chat is still open.");
        return api;
    }

    private static async Task<Results<Accepted, ProblemHttpResult>> HandleAsync(
        string id, string messageId, ClaimsPrincipal user, Db db, ReplyWindowClock windows, TimeProvider time,
        CancellationToken cancellationToken)
    {
        ChatView? chat;
        await using (var connection = await db.OpenAsync(cancellationToken))
        {
            (chat, var problem) = await ReadChats.FindVisibleAsync(connection, id, user, windows, cancellationToken);
            if (chat is null)
            {
                return problem!;
            }
        }

        await using var work = await db.BeginAsync(cancellationToken);
        var message = await work.SingleOrDefaultAsync<FailedMessage>(
            "SELECT id, channel, sender_kind, status FROM messages WHERE id = @messageId AND chat_id = @id", new { messageId, id });
        if (message is null)
        {
            return ProblemDetailsBody.NotFound("message", messageId);
        }

        if (message.SenderKind is not (ParticipantKind.Operator or ParticipantKind.Bot) || message.Status != (int)DeliveryState.Failed)
        {
            return ProblemDetailsBody.Conflict("Only a reply that failed can be sent again.");
        }

        if (!ChatState.Open.Contains(chat.State))
        {
            return ProblemDetailsBody.Conflict($"The chat is {chat.State}; nothing more can be sent in it.");
        }

        var now = time.GetUtcNow();
        await work.ExecuteAsync(
            "UPDATE messages SET status = @pending, status_at = @now, error_code = NULL, error_message = NULL WHERE id = @messageId AND status = @failed",
            new { pending = (int)DeliveryState.Pending, failed = (int)DeliveryState.Failed, now, messageId });
        await work.ExecuteAsync(
            "INSERT INTO outbox (message_id, chat_id, channel, attempts, next_attempt_at, created_at) VALUES (@messageId, @id, @channel, 0, @now, @now)",
            new { messageId, id, channel = message.Channel, now });
        work.WroteOutbox = true;
        work.Raise(new ChatMessageStatus(id, messageId, TranscriptMessage.StatusName(DeliveryState.Pending), now), EventRoute.Chat(id, chat.DepartmentId));
        await work.CommitAsync(cancellationToken);
        return TypedResults.Accepted($"/api/v1/chats/{id}/messages");
    }

    private sealed record FailedMessage
    {
        public required string Id { get; init; }
        public required string Channel { get; init; }
        public required string SenderKind { get; init; }
        public int Status { get; init; }
    }
}
