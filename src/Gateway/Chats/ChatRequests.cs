using LiveChat.Gateway.Events;

namespace LiveChat.Gateway.Chats;

/// <summary>Storing and answering transfer and invitation requests, and letting the unanswered ones lapse.</summary>
public sealed class ChatRequests(Db db, TimeProvider time)
{
    public static async Task<ChatRequest?> InsertAsync(UnitOfWork work, ChatRequest request)
    {
        try
        {
            await work.ExecuteAsync("SAVEPOINT chat_request");
            await work.ExecuteAsync(
                $"INSERT INTO chat_requests ({ChatRequest.Columns}) VALUES (@Id, @ChatId, @Kind, @FromOperatorId, @ToOperatorId, @ToDepartmentId, @Note, @State, @CreatedAt, @ExpiresAt)",
                request);
            await work.ExecuteAsync("RELEASE SAVEPOINT chat_request");
            return request;
        }
        catch (DbException exception) when (Db.IsUniqueViolation(exception))
        {
            await work.ExecuteAsync("ROLLBACK TO SAVEPOINT chat_request");
            return null;
        }
    }

    public static Task<ChatRequest?> PendingAsync(UnitOfWork work, string chatId, string kind, string? toOperatorId = null) =>
        work.SingleOrDefaultAsync<ChatRequest>(
            $"""
            SELECT {ChatRequest.Columns} FROM chat_requests
            WHERE chat_id = @chatId AND kind = @kind AND state = {Sql.Literal(RequestState.Pending)} AND (@toOperatorId IS NULL OR to_operator_id = @toOperatorId)
            ORDER BY created_at LIMIT 1
            """,
            new { chatId, kind, toOperatorId });

    /// <summary>Answers a pending request; false when it was answered, cancelled or lapsed in the meantime.</summary>
    public static async Task<bool> ResolveAsync(UnitOfWork work, ChatRequest request, string state, string by, DateTimeOffset now) =>
        await work.ExecuteAsync(
            $"UPDATE chat_requests SET state = @state, resolved_at = @now, resolved_by = @by WHERE id = @Id AND state = {Sql.Literal(RequestState.Pending)} AND expires_at > @now",
            new { state, now, by, request.Id }) == 1;

    /// <summary>Requests nobody answered in time lapse; both sides are told and the chat stays where it was.</summary>
    public async Task<int> ExpireDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        List<string> due;
        await using (var connection = await db.OpenAsync(cancellationToken))
        {
            due = [.. await connection.QueryAsync<string>(new CommandDefinition(
                $"SELECT id FROM chat_requests WHERE state = {Sql.Literal(RequestState.Pending)} AND expires_at <= @now ORDER BY expires_at LIMIT 200", new { now }, cancellationToken: cancellationToken))];
        }

        var expired = 0;
        foreach (var id in due)
        {
            await using var work = await db.BeginAsync(cancellationToken);
            var request = await work.SingleOrDefaultAsync<ChatRequest>(
                $"UPDATE chat_requests SET state = {Sql.Literal(RequestState.Expired)}, resolved_at = @now WHERE id = @id AND state = {Sql.Literal(RequestState.Pending)} AND expires_at <= @now RETURNING {ChatRequest.Columns}",
                new { id, now });
            if (request is null)
            {
                continue;
            }

            var expiredEvent = ChatRequestExpired.Of(request.ToData());
            await ChatHistory.AddAsync(work, request.ChatId, $"{request.Kind}Expired", ParticipantKind.System, null, request.ToOperatorId ?? request.ToDepartmentId, now);
            work.Raise(expiredEvent, request.ToSender());
            work.Raise(expiredEvent, request.ToTarget());
            await work.CommitAsync(cancellationToken);
            expired++;
        }

        return expired;
    }

    /// <summary>The target operator, checked: it exists, is online and is not the sender. Null with the refusal otherwise.</summary>
    public static async Task<(OperatorSnapshot? Target, Refusal? Refusal)> TargetAsync(UnitOfWork work, OperatorSnapshot me, string operatorId)
    {
        var target = await OperatorSnapshot.LoadAsync(work, operatorId);
        if (target is null)
        {
            return (null, Refusal.Invalid($"There is no operator '{operatorId}'."));
        }

        if (target.Id == me.Id)
        {
            return (null, Refusal.Invalid("You cannot send a chat to yourself."));
        }

        return target.IsOnline ? (target, null) : (null, Refusal.Conflict($"{target.Name} is offline; only online operators can be given chats."));
    }

    public static async Task<bool> AnyoneOnlineAsync(UnitOfWork work, string departmentId, string exceptOperatorId) =>
        await work.ScalarAsync<long>(
            $"SELECT COUNT(*) FROM operators o JOIN operator_departments d ON d.operator_id = o.id WHERE d.department_id = @departmentId AND o.status = {Sql.Literal(OperatorState.Online)} AND o.id <> @exceptOperatorId",
            new { departmentId, exceptOperatorId }) > 0;

    public static TimeSpan Timeout(RoutingOptions options, string kind) =>
        TimeSpan.FromSeconds(kind == RequestKind.Transfer ? options.TransferTimeoutSeconds : options.InviteTimeoutSeconds);
}
