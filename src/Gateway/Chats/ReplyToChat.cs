using System.Security.Claims;
using FluentValidation;
using LiveChat.Channels.Activities;
using LiveChat.Channels.Outbox;
using LiveChat.Gateway.Auth;
using LiveChat.Gateway.Events;
using LiveChat.Gateway.Outbox;

namespace LiveChat.Gateway.Chats;

/// <summary>
/// An operator writes to the customer: the reply is stored with its outbox row in one transaction and
/// delivered after commit. Refused up front when the channel's reply window has closed (WhatsApp's 24 hours).
/// </summary>
public static class ReplyToChat
{
    public const int MaxTextLength = 4096;

    public sealed record Request(string Text);

    public sealed class Validator : AbstractValidator<Request>
    {
        public Validator() => RuleFor(r => r.Text).NotEmpty().MaximumLength(MaxTextLength);
    }

    public static IEndpointRouteBuilder MapReplyToChat(this IEndpointRouteBuilder api)
    {
        api.MapPost("/chats/{id}/messages", RouteReplyAsync).Validate<Request>().WithTags("Chats").WithName("ReplyToChat")
            .WithSummary("Reply to the customer; 409 when the chat is not yours to write in or the channel's reply window has closed.");
        api.MapPost("/chats/{id}/typing", RouteTypingAsync).WithTags("Chats").WithName("OperatorTyping")
            .WithSummary("Tell the customer an operator is typing.");
        return api;
    }

    private static async Task<Results<Created<MessageView>, ProblemHttpResult>> RouteReplyAsync(
        string id, Request request, ClaimsPrincipal user, Db db, IEnumerable<IChannelSender> senders, TimeProvider time,
        CancellationToken cancellationToken) =>
        await ReplyAsync(id, request, CurrentOperator.From(user), db, senders, time, cancellationToken) switch
        {
            (_, { } refusal) => refusal.ToProblem(),
            (var message, _) => TypedResults.Created($"/api/v1/chats/{id}/messages", message!),
        };

    private static Task<Results<NoContent, ProblemHttpResult>> RouteTypingAsync(
        string id, ClaimsPrincipal user, Db db, TimeProvider time, CancellationToken cancellationToken) =>
        TypingAsync(id, CurrentOperator.From(user), db, time, cancellationToken).NoContentOrProblem();

    public static async Task<(MessageView? Message, Refusal? Refusal)> ReplyAsync(
        string id, Request request, CurrentOperator me, Db db, IEnumerable<IChannelSender> senders, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var work = await db.BeginAsync(cancellationToken);
        var (chat, refusal) = await FindWritableNowAsync(work, id, me, senders, now);
        if (chat is null)
        {
            return (null, refusal);
        }

        var message = await OutboundMessages.AppendAsync(
            work,
            chat.Ref,
            new OutboundSender(SenderKind.Operator, me.Id, me.Name ?? "Operator"),
            new Activity { Type = ActivityTypes.Message, Text = request.Text, TextFormat = "plain" },
            now);
        await work.CommitAsync(cancellationToken);
        return (message.ToView(), null);
    }

    public static async Task<Refusal?> TypingAsync(string id, CurrentOperator me, Db db, TimeProvider time, CancellationToken cancellationToken)
    {
        await using var work = await db.BeginAsync(cancellationToken);
        var (chat, refusal) = await FindWritableAsync(work, id, me);
        if (chat is null)
        {
            return refusal;
        }

        var now = time.GetUtcNow();
        work.Raise(new ChatTyping(id, new EventActor(ParticipantKind.Operator, me.Id, me.Name), now), EventRoute.Chat(id, chat.Ref.DepartmentId));
        await work.CommitAsync(cancellationToken);
        return null;
    }

    /// <summary>A conflict when the channel's reply window has closed for a human operator's message; null while it is open.</summary>
    public static Refusal? WindowClosed(WritableChat chat, IEnumerable<IChannelSender> senders, DateTimeOffset now) =>
        senders.FirstOrDefault(s => s.Channel == chat.Channel)?.CheckReplyWindow(chat.LastCustomerMessageAt, fromHumanAgent: true, now)
            is ReplyWindowDecision.Refused refused
            ? new Refusal(RefusalKind.Conflict, refused.Reason, Title: "Reply window closed")
            : null;

    /// <summary>
    /// The rules for writing: another department's chat is refused to an agent not in it; then the chat must be with an
    /// operator, and the writer one of its operators.
    /// </summary>
    public static Refusal? Decide(string state, bool inChat, bool otherDepartment) =>
        !inChat && otherDepartment ? Refusal.Forbidden(ChatAccess.OtherDepartmentDetail)
        : !ChatState.WithOperator.Contains(state) ? Refusal.Conflict($"The chat is {state}; only active chats can be written to.")
        : !inChat ? Refusal.Conflict("You are not in this chat; pick it up or accept an invitation first.")
        : null;

    /// <summary>The chat if this operator may write in it now: a current participant of an active or ending chat.</summary>
    public static async Task<(WritableChat? Chat, Refusal? Refusal)> FindWritableAsync(UnitOfWork work, string id, CurrentOperator me)
    {
        var chat = await ChatOpener.FindByIdAsync(work, id);
        if (chat is null)
        {
            return (null, Refusal.NotFound("chat", id));
        }

        var inChat = await ChatRows.IsParticipantAsync(work, id, me.Id);
        if (Decide(chat.State, inChat, !inChat && await ChatAccess.IsOtherDepartmentsAsync(work, me, chat.DepartmentId)) is { } refusal)
        {
            return (null, refusal);
        }

        var lastCustomerMessageAt = await work.ScalarAsync<DateTimeOffset?>("SELECT last_customer_message_at FROM chats WHERE id = @id", new { id });
        return (new WritableChat(chat, lastCustomerMessageAt), null);
    }

    /// <summary><see cref="FindWritableAsync"/>, then the reply window: the chat a human may write in now, or why not.</summary>
    public static async Task<(WritableChat? Chat, Refusal? Refusal)> FindWritableNowAsync(
        UnitOfWork work, string id, CurrentOperator me, IEnumerable<IChannelSender> senders, DateTimeOffset now)
    {
        var (chat, refusal) = await FindWritableAsync(work, id, me);
        return chat is not null && WindowClosed(chat, senders, now) is { } closed ? (null, closed) : (chat, refusal);
    }

    /// <summary>A chat the operator may write in, with the time of the customer's last message (the reply window).</summary>
    public sealed record WritableChat(ChatRef Ref, DateTimeOffset? LastCustomerMessageAt)
    {
        public string Channel => Ref.Channel;
    }
}
