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
        api.MapPost("/chats/{id}/messages", ReplyAsync).Validate<Request>().WithTags("Chats").WithName("ReplyToChat")
            .WithSummary("Reply to the customer; 409 when the chat is not yours to write in or the channel's reply window has closed.");
        api.MapPost("/chats/{id}/typing", TypingAsync).WithTags("Chats").WithName("OperatorTyping")
            .WithSummary("Tell the customer an operator is typing.");
        return api;
    }

    private static async Task<Results<Created<MessageView>, ProblemHttpResult>> ReplyAsync(
        string id,
        Request request,
        ClaimsPrincipal user,
        Db db,
        EventLog events,
        OutboxSignal outbox,
        IEnumerable<IChannelSender> senders,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var work = await db.BeginAsync(cancellationToken);
        var (chat, problem) = await FindWritableAsync(work, id, user);
        if (chat is null)
        {
            return problem!;
        }

        if (WindowClosed(chat, senders, now) is { } closed)
        {
            return closed;
        }

        var pending = new List<NewEvent>();
        var message = await OutboundMessages.AppendAsync(
            work,
            chat.Ref,
            new OutboundSender(SenderKind.Operator, user.OperatorId(), user.Identity?.Name ?? "Operator"),
            new Activity { Type = ActivityTypes.Message, Text = request.Text, TextFormat = "plain" },
            now,
            pending);
        await events.AppendAsync(work, pending);
        await events.CommitAsync(work, cancellationToken);
        outbox.Wake();
        return TypedResults.Created($"/api/v1/chats/{id}/messages", message.ToView());
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> TypingAsync(
        string id, ClaimsPrincipal user, Db db, EventLog events, TimeProvider time, CancellationToken cancellationToken)
    {
        await using var work = await db.BeginAsync(cancellationToken);
        var (chat, problem) = await FindWritableAsync(work, id, user);
        if (chat is null)
        {
            return problem!;
        }

        var now = time.GetUtcNow();
        await events.AppendAsync(work, [new NewEvent(EventType.ChatTyping, id, chat.Ref.DepartmentId, null, new
        {
            chatId = id,
            from = new { kind = ParticipantKind.Operator, id = user.OperatorId(), name = user.Identity?.Name },
            at = now,
        })]);
        await events.CommitAsync(work, cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary>A 409 when the channel's reply window has closed for a human operator's message; null while it is open.</summary>
    public static ProblemHttpResult? WindowClosed(WritableChat chat, IEnumerable<IChannelSender> senders, DateTimeOffset now) =>
        senders.FirstOrDefault(s => s.Channel == chat.Channel)?.CheckReplyWindow(chat.LastCustomerMessageAt, fromHumanAgent: true, now)
            is ReplyWindowDecision.Refused refused
            ? TypedResults.Problem(statusCode: 409, title: "Reply window closed", detail: refused.Reason)
            : null;

    /// <summary>The chat if this operator may write in it now: a current participant of an active or ending chat.</summary>
    public static async Task<(WritableChat? Chat, ProblemHttpResult? Problem)> FindWritableAsync(UnitOfWork work, string id, ClaimsPrincipal user)
    {
        var chat = await ChatOpener.FindByIdAsync(work, id);
        if (chat is null)
        {
            return (null, ProblemDetailsBody.NotFound("chat", id));
        }

        var participant = await work.ScalarAsync<long>(
            $"SELECT COUNT(*) FROM chat_participants WHERE chat_id = @id AND kind = {Sql.Literal(ParticipantKind.Operator)} AND participant_id = @me AND left_at IS NULL",
            new { id, me = user.OperatorId() });
        if (participant == 0 && await ChatAccess.IsOtherDepartmentsAsync(work, user, chat.DepartmentId))
        {
            return (null, ChatAccess.OtherDepartment());
        }

        if (!ChatState.WithOperator.Contains(chat.State))
        {
            return (null, ProblemDetailsBody.Conflict($"The chat is {chat.State}; only active chats can be written to."));
        }

        if (participant == 0)
        {
            return (null, ProblemDetailsBody.Conflict("You are not in this chat; pick it up or accept an invitation first."));
        }

        var lastCustomerMessageAt = await work.ScalarAsync<DateTimeOffset?>("SELECT last_customer_message_at FROM chats WHERE id = @id", new { id });
        return (new WritableChat(chat, lastCustomerMessageAt), null);
    }

    /// <summary>A chat the operator may write in, with the time of the customer's last message (the reply window).</summary>
    public sealed record WritableChat(ChatRef Ref, DateTimeOffset? LastCustomerMessageAt)
    {
        public string Channel => Ref.Channel;
    }
}
