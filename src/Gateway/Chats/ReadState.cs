using System.Security.Claims;
using FluentValidation;
using LiveChat.Gateway.Auth;
using LiveChat.Gateway.Events;

namespace LiveChat.Gateway.Chats;

/// <summary>
/// Each operator's read position in a chat: POST /chats/{id}/read moves it forward (never back) and tells the operator's
/// other tabs (<c>chat.operator.read</c>, to that operator only); GET /chats/unread counts, for every open chat I am in,
/// the messages from the visitor, a bot or other operators after it.
/// </summary>
public static class ReadState
{
    public const string EventType = Events.EventType.ChatOperatorRead;

    public sealed class Validator : AbstractValidator<ReadRequest>
    {
        public Validator() => RuleFor(r => r.MessageId).NotEmpty().MaximumLength(100);
    }

    public static IEndpointRouteBuilder MapReadState(this IEndpointRouteBuilder api)
    {
        api.MapPost("/chats/{id}/read", RouteAsync).Validate<ReadRequest>().WithTags("Chats").WithName("MarkChatRead")
            .WithSummary("I have read up to and including this message; a position never moves backwards. Raises chat.operator.read to me.");
        api.MapGet("/chats/unread", UnreadAsync).WithTags("Chats").WithName("ListUnread")
            .WithSummary("My unread counts in the open chats I am in: messages from the visitor, bots and other operators after my last read.");
        return api;
    }

    /// <summary>Unread counts for <paramref name="me"/> in the chats the SQL <paramref name="chats"/> (a column chat_id) yields.</summary>
    private static string UnreadSql(string chats) =>
        $"""
        SELECT x.chat_id, r.message_id AS last_read_message_id,
               (SELECT COUNT(*) FROM messages m
                WHERE m.chat_id = x.chat_id AND m.activity_type = 'message' AND m.seq > COALESCE(r.message_seq, 0)
                  AND (m.sender_kind IN ({Sql.Literal(ParticipantKind.Visitor)}, {Sql.Literal(ParticipantKind.Bot)}) OR (m.sender_kind = {Sql.Literal(ParticipantKind.Operator)} AND m.sender_id <> @me))) AS unread
        FROM ({chats}) x LEFT JOIN operator_reads r ON r.operator_id = @me AND r.chat_id = x.chat_id
        ORDER BY x.chat_id
        """;

    private static Task<Results<Ok<UnreadView>, ValidationProblem, ProblemHttpResult>> RouteAsync(
        string id, ReadRequest request, ClaimsPrincipal user, Db db, TimeProvider time, CancellationToken cancellationToken) =>
        MarkReadAsync(id, request.MessageId, CurrentOperator.From(user), db, time, cancellationToken).OkOrInvalid();

    /// <summary>Moves my read position in the chat forward to <paramref name="messageId"/> (never back); my other tabs hear of a move.</summary>
    public static async Task<(UnreadView? View, Refusal? Refusal)> MarkReadAsync(
        string id, string messageId, CurrentOperator current, Db db, TimeProvider time, CancellationToken cancellationToken)
    {
        var me = current.Id;
        await using var work = await db.BeginAsync(cancellationToken);
        var (_, _, refusal) = await ChatAction.LoadAsync(work, me, id);
        if (refusal is not null)
        {
            return (null, refusal);
        }

        var seq = await work.ScalarAsync<long?>("SELECT seq FROM messages WHERE id = @messageId AND chat_id = @id", new { messageId, id });
        if (seq is null)
        {
            return (null, Refusal.InvalidField("messageId", $"'messageId' names no message of chat '{id}'."));
        }

        var moved = await work.ExecuteAsync(
            """
            INSERT INTO operator_reads (operator_id, chat_id, message_seq, message_id, read_at) VALUES (@me, @id, @seq, @MessageId, @now)
            ON CONFLICT (operator_id, chat_id) DO UPDATE
            SET message_seq = excluded.message_seq, message_id = excluded.message_id, read_at = excluded.read_at
            WHERE operator_reads.message_seq < excluded.message_seq
            """,
            new { me, id, seq, MessageId = messageId, now = time.GetUtcNow() });
        var view = ToView(await work.SingleOrDefaultAsync<Row>(UnreadSql("SELECT @id AS chat_id"), new { me, id }));
        if (moved > 0)
        {
            work.Raise(new ChatOperatorRead(view), EventRoute.Operator(id, me));
        }

        await work.CommitAsync(cancellationToken);
        return (view, null);
    }

    private static async Task<Ok<IReadOnlyList<UnreadView>>> UnreadAsync(ClaimsPrincipal user, Db db, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            UnreadSql(
                $"""
                SELECT DISTINCT p.chat_id FROM chat_participants p JOIN chats c ON c.id = p.chat_id
                WHERE p.kind = {Sql.Literal(ParticipantKind.Operator)} AND p.participant_id = @me AND p.left_at IS NULL AND c.state {Sql.In(ChatState.WithOperator)}
                """),
            new { me = user.OperatorId() },
            cancellationToken: cancellationToken));
        return TypedResults.Ok<IReadOnlyList<UnreadView>>([.. rows.Select(ToView)]);
    }

    private static UnreadView ToView(Row? row) => new(row!.ChatId, (int)row.Unread, row.LastReadMessageId);

    private sealed record Row
    {
        public required string ChatId { get; init; }
        public string? LastReadMessageId { get; init; }
        public long Unread { get; init; }
    }
}
