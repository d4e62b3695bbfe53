using LiveChat.Gateway.Chats;
using LiveChat.Gateway.Events;

namespace LiveChat.Gateway.Routing;

/// <summary>
/// Offers queued chats of roundRobin/leastLoaded departments to operators (run by the timer sweep): reads the
/// department's state under a lock on its row, asks <see cref="RoutingDecision"/>, and records the offers.
/// The offered operator accepts with POST /chats/{id}/pickup; an offer not taken in time goes to the next.
/// </summary>
public sealed class OfferRouter(Db db, TimeProvider time, IOptions<RoutingOptions> options)
{
    public async Task<int> OfferAsync(CancellationToken cancellationToken)
    {
        List<(string Id, string AssignmentMode)> departments;
        await using (var connection = await db.OpenAsync(cancellationToken))
        {
            departments = [.. await connection.QueryAsync<(string, string)>(new CommandDefinition(
                "SELECT id, assignment_mode FROM departments WHERE assignment_mode <> 'pickup'", cancellationToken: cancellationToken))];
        }

        var offered = 0;
        foreach (var (departmentId, mode) in departments)
        {
            offered += await OfferInAsync(departmentId, RoutingDecision.Parse(mode), cancellationToken);
        }

        return offered;
    }

    private async Task<int> OfferInAsync(string departmentId, AssignmentMode mode, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var work = await db.BeginAsync(cancellationToken);
        if (db.IsPostgres)
        {
            // One decision per department at a time, across nodes.
            await work.ExecuteAsync("SELECT id FROM departments WHERE id = @departmentId FOR UPDATE", new { departmentId });
        }

        var queue = await QueueAsync(work, departmentId);
        if (queue.Count == 0 || queue.All(c => c.HasLiveOffer(now)))
        {
            return 0;
        }

        var operators = (await work.QueryAsync<OperatorRow>(
            $"""
            SELECT o.id, o.status = {Sql.Literal(OperatorState.Online)} AS online, o.max_concurrent_chats AS capacity,
                   (SELECT COUNT(*) FROM chat_participants p JOIN chats c ON c.id = p.chat_id
                    WHERE p.participant_id = o.id AND p.kind = {Sql.Literal(ParticipantKind.Operator)} AND p.role = {Sql.Literal(ParticipantRole.Owner)} AND p.left_at IS NULL AND c.state {Sql.In(ChatState.WithOperator)})
                 + (SELECT COUNT(*) FROM chats q WHERE q.state = {Sql.Literal(ChatState.Queued)} AND q.offered_operator_id = o.id AND q.offer_expires_at > @now) AS load,
                   o.last_assigned_at
            FROM operators o JOIN operator_departments d ON d.operator_id = o.id
            WHERE d.department_id = @departmentId
            """,
            new { departmentId, now })).Select(r => r.ToLoad()).ToList();
        var offers = RoutingDecision.Decide(mode, operators, queue, now);
        var expiresAt = now.AddSeconds(options.Value.OfferTimeoutSeconds);
        foreach (var offer in offers)
        {
            await work.ExecuteAsync(
                $"UPDATE chats SET offered_operator_id = @OperatorId, offer_expires_at = @expiresAt, updated_at = @now WHERE id = @ChatId AND state = {Sql.Literal(ChatState.Queued)}",
                new { offer.OperatorId, offer.ChatId, expiresAt, now });
            await work.ExecuteAsync(
                """
                INSERT INTO chat_offers (chat_id, operator_id, offered_at) VALUES (@ChatId, @OperatorId, @now)
                ON CONFLICT (chat_id, operator_id) DO UPDATE SET offered_at = excluded.offered_at
                """,
                new { offer.ChatId, offer.OperatorId, now });
            await ChatHistory.AddAsync(work, offer.ChatId, "offered", ParticipantKind.System, null, offer.OperatorId, now);
            var chat = queue.First(c => c.ChatId == offer.ChatId);
            work.Raise(new ChatOffered(offer.ChatId, departmentId, offer.OperatorId, expiresAt, chat.QueuedAt), EventRoute.Operator(offer.ChatId, offer.OperatorId));
            if (offer.Replaces is not null)
            {
                work.Raise(new ChatOfferExpired(offer.ChatId, offer.Replaces, now), EventRoute.Operator(offer.ChatId, offer.Replaces));
            }
        }

        await work.CommitAsync(cancellationToken);
        return offers.Count;
    }

    private static async Task<List<WaitingChat>> QueueAsync(UnitOfWork work, string departmentId)
    {
        var rows = (await work.QueryAsync<QueueRow>(
            $"""
            SELECT id, queued_at, offered_operator_id, offer_expires_at FROM chats
            WHERE state = {Sql.Literal(ChatState.Queued)} AND department_id = @departmentId ORDER BY queued_at, id LIMIT 200
            """,
            new { departmentId })).ToList();
        if (rows.Count == 0)
        {
            return [];
        }

        var ids = rows.Select(r => r.Id).ToArray();
        var previous = (await work.QueryAsync<(string ChatId, string OperatorId)>(
            $"SELECT chat_id, operator_id FROM chat_offers WHERE {Db.AnyOf(work.Connection, "chat_id", "ids")}", new { ids }))
            .ToLookup(r => r.ChatId, r => r.OperatorId);
        return [.. rows.Select(r => new WaitingChat(r.Id, r.QueuedAt, r.OfferedOperatorId, r.OfferExpiresAt, previous[r.Id].ToHashSet(StringComparer.Ordinal)))];
    }

    private sealed record OperatorRow
    {
        public required string Id { get; init; }
        public bool Online { get; init; }
        public int Capacity { get; init; }
        public long Load { get; init; }
        public DateTimeOffset? LastAssignedAt { get; init; }

        public OperatorLoad ToLoad() => new(Id, Online, Capacity, (int)Load, LastAssignedAt);
    }

    private sealed record QueueRow
    {
        public required string Id { get; init; }
        public DateTimeOffset QueuedAt { get; init; }
        public string? OfferedOperatorId { get; init; }
        public DateTimeOffset? OfferExpiresAt { get; init; }
    }
}
