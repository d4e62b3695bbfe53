using System.Security.Claims;
using LiveChat.Channels.Inbox;
using LiveChat.Gateway.Auth;
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
        api.MapPost("/chats/{id}/messages/{messageId}/retry", RouteAsync).WithTags("Chats").WithName("RetryMessage")
            .WithSummary("Send a failed reply again; 409 unless the message failed and the chat is still open.");
        return api;
    }

    private static Task<Results<Accepted, ProblemHttpResult>> RouteAsync(
        string id, string messageId, ClaimsPrincipal user, Db db, TimeProvider time, CancellationToken cancellationToken) =>
        HandleAsync(id, messageId, CurrentOperator.From(user), db, time, cancellationToken).AcceptedOrProblem($"/api/v1/chats/{id}/messages");

    /// <summary>The rules: the message is this chat's, a reply (an operator's or a bot's) that failed, and the chat is still open.</summary>
    public static Refusal? Decide(ChatRef chat, string messageId, FailedMessage? message) =>
        message is null ? Refusal.NotFound("message", messageId)
        : message.SenderKind is not (ParticipantKind.Operator or ParticipantKind.Bot) || message.Status != (int)DeliveryState.Failed
            ? Refusal.Conflict("Only a reply that failed can be sent again.")
        : !ChatState.Open.Contains(chat.State) ? Refusal.Conflict($"The chat is {chat.State}; nothing more can be sent in it.")
        : null;

    public static async Task<Refusal?> HandleAsync(
        string id, string messageId, CurrentOperator me, Db db, TimeProvider time, CancellationToken cancellationToken)
    {
        await using var work = await db.BeginAsync(cancellationToken);
        var (_, chat, refusal) = await ChatAction.LoadAsync(work, me.Id, id);
        if (refusal is not null)
        {
            return refusal;
        }

        var message = await work.SingleOrDefaultAsync<FailedMessage>(
            "SELECT id, channel, sender_kind, status FROM messages WHERE id = @messageId AND chat_id = @id", new { messageId, id });
        if (Decide(chat!, messageId, message) is { } refused)
        {
            return refused;
        }

        var now = time.GetUtcNow();
        await work.ExecuteAsync(
            "UPDATE messages SET status = @pending, status_at = @now, error_code = NULL, error_message = NULL WHERE id = @messageId AND status = @failed",
            new { pending = (int)DeliveryState.Pending, failed = (int)DeliveryState.Failed, now, messageId });
        await work.ExecuteAsync(
            "INSERT INTO outbox (message_id, chat_id, channel, attempts, next_attempt_at, created_at) VALUES (@messageId, @id, @channel, 0, @now, @now)",
            new { messageId, id, channel = message!.Channel, now });
        work.WroteOutbox = true;
        work.Raise(new ChatMessageStatus(id, messageId, TranscriptMessage.StatusName(DeliveryState.Pending), now), EventRoute.Chat(id, chat!.DepartmentId));
        await work.CommitAsync(cancellationToken);
        return null;
    }

    /// <summary>The message a retry asks for, as much of it as the rules and the outbox need.</summary>
    public sealed record FailedMessage
    {
        public required string Id { get; init; }
        public required string Channel { get; init; }
        public required string SenderKind { get; init; }
        public int Status { get; init; }
    }
}
