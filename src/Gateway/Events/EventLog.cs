using Npgsql;

namespace LiveChat.Gateway.Events;

/// <summary>
/// The append-only event log behind the operators' stream. Events are written in the same transaction as
/// the change they describe, so a committed change always has its event and a rolled-back one never does.
/// </summary>
public sealed class EventLog(Db db)
{
    private const int MaxRowsPerInsert = 200;

    /// <summary>
    /// Writes the events raised on <paramref name="work"/> in its transaction, stamped <paramref name="now"/>; only its
    /// commit calls this (UnitOfWorkCommit). Static: the commit is made before the database, so it holds no log.
    /// </summary>
    internal static async Task AppendAsync(UnitOfWork work, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var events = work.Raised;
        if (events.Count == 0)
        {
            return;
        }

        // No lock: ids are taken from the sequence as transactions run and may become visible out of order;
        // the EventHub delivers in id order and waits for such gaps to fill (see EventHub).
        if (work.Connection is NpgsqlConnection npgsql)
        {
            // One statement whatever the count, kept prepared; rows get their ids in the order given.
            await using var batch = new NpgsqlBatch(npgsql, (NpgsqlTransaction)work.Transaction)
            {
                BatchCommands =
                {
                    PgArrays.Command(
                        """
                        INSERT INTO events (type, chat_id, department_id, operator_id, audience, payload, created_at)
                        SELECT t, c, d, o, a, p, $7
                        FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) WITH ORDINALITY AS e(t, c, d, o, a, p, n)
                        ORDER BY n
                        """,
                        PgArrays.Texts(events.Select(e => EventType.NameOf(e.Event))),
                        PgArrays.Texts(events.Select(e => e.Route.ChatId)),
                        PgArrays.Texts(events.Select(e => e.Route.DepartmentId)),
                        PgArrays.Texts(events.Select(e => e.Route.OperatorId)),
                        PgArrays.Texts(events.Select(e => e.Route.AudienceText)),
                        PgArrays.Texts(events.Select(e => Payload(e.Event))),
                        PgArrays.Time(now)),
                },
            };
            await batch.ExecuteNonQueryAsync(cancellationToken);
            return;
        }

        // SQLite: one multi-row INSERT per chunk, so a ten-message webhook costs one statement here, not ten.
        foreach (var chunk in events.Chunk(MaxRowsPerInsert))
        {
            var parameters = new TypedParameters();
            var rows = new List<string>(chunk.Length);
            for (var i = 0; i < chunk.Length; i++)
            {
                var e = chunk[i];
                rows.Add($"(@t{i}, @c{i}, @d{i}, @o{i}, @a{i}, @p{i}, @now)");
                parameters
                    .Add($"t{i}", EventType.NameOf(e.Event))
                    .Add($"c{i}", e.Route.ChatId)
                    .Add($"d{i}", e.Route.DepartmentId)
                    .Add($"o{i}", e.Route.OperatorId)
                    .Add($"a{i}", e.Route.AudienceText)
                    .Add($"p{i}", Payload(e.Event));
            }

            parameters.Add("now", now);
            await work.ExecuteAsync(
                $"INSERT INTO events (type, chat_id, department_id, operator_id, audience, payload, created_at) VALUES {string.Join(", ", rows)}",
                parameters);
        }
    }

    /// <summary>The event's payload as stored and sent: camelCase, nulls omitted.</summary>
    public static string Payload(GatewayEvent e) => JsonSerializer.Serialize(e.Body, GatewayJson.Options);

    public async Task<IReadOnlyList<StoredEvent>> ReadAsync(long after, long upTo, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<StoredEvent>(new CommandDefinition(
            "SELECT id, type, chat_id, department_id, operator_id, audience, payload, created_at FROM events WHERE id > @after AND id <= @upTo ORDER BY id LIMIT @limit",
            new { after, upTo, limit },
            cancellationToken: cancellationToken));
        return [.. rows];
    }

    public async Task<long> LastIdAsync(CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long?>(new CommandDefinition("SELECT MAX(id) FROM events", cancellationToken: cancellationToken)) ?? 0;
    }
}
