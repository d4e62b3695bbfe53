namespace LiveChat.Gateway.Reports;

/// <summary>
/// The report's one query. A chat belongs to the local day it started on; it was answered when an operator first
/// owned it, and its wait is from joining the queue to that moment. Every figure comes back as a row of one shape
/// (kind, key, label, day, n, m, x, y, z), so the chats are read once. Everything per chat but its owners is kept on the
/// chat row as it happens (migration 0017: first owner, first reply, bot, handoffs, transfers, reassignments,
/// summaries) and covered by <c>ix_chats_report</c>, so a month is one index range scan; only chats per operator join
/// the owners. Joining the participants, replies, history and summaries of a month of 100,000 chats took 1.5 s here.
/// </summary>
public static class ChatReportSql
{
    public const string DepartmentFilter = " AND c.department_id = @departmentId";
    public const string ChannelFilter = " AND c.channel = @channel";
    public static readonly string OperatorFilter =
        $" AND EXISTS (SELECT 1 FROM chat_participants o WHERE o.chat_id = c.id AND o.kind = {Sql.Literal(ParticipantKind.Operator)} AND o.role = {Sql.Literal(ParticipantRole.Owner)} AND o.participant_id = @operatorId)";

    /// <summary>The wait-time buckets' lower bounds in seconds; the last bucket has no upper bound.</summary>
    public static readonly int[] WaitBounds = [0, 30, 60, 120, 300, 600];

    public static string Build(bool postgres, int days, string filters)
    {
        var rows = string.Join(", ", Enumerable.Range(0, days).Select(i => $"({i}, @s{i}, @e{i})"));
        var buckets = string.Join(" ", WaitBounds.Skip(1).Select((bound, i) => $"WHEN wait < {bound} THEN {i}"));
        return $"""
            WITH days (day, start_at, end_at) AS (VALUES {rows}),
            facts AS (
                SELECT d.day, c.id, c.channel, c.state, c.first_assigned_at AS assigned,
                    CASE WHEN c.bot_joined THEN 1 ELSE 0 END AS bot,
                    c.handoffs, c.transfers, c.reassignments, c.summaries,
                    CASE WHEN c.first_assigned_at IS NOT NULL AND c.queued_at IS NOT NULL AND c.first_assigned_at >= c.queued_at THEN {Seconds(postgres, "c.first_assigned_at", "c.queued_at")} END AS wait,
                    CASE WHEN c.first_reply_at IS NOT NULL AND c.first_assigned_at IS NOT NULL AND c.first_reply_at >= c.first_assigned_at THEN {Seconds(postgres, "c.first_reply_at", "c.first_assigned_at")} END AS response,
                    CASE WHEN c.state = {Sql.Literal(ChatState.Ended)} AND c.first_assigned_at IS NOT NULL THEN {Seconds(postgres, "c.ended_at", "c.first_assigned_at")} END AS handling
                FROM days d JOIN chats c ON c.started_at >= d.start_at AND c.started_at < d.end_at
                WHERE 1 = 1{filters}
            ),
            totals AS (
                SELECT COUNT(*) AS started,
                    SUM(CASE WHEN assigned IS NOT NULL THEN 1 ELSE 0 END) AS answered,
                    SUM(CASE WHEN state = {Sql.Literal(ChatState.Missed)} THEN 1 ELSE 0 END) AS missed,
                    SUM(CASE WHEN bot = 1 AND handoffs = 0 AND assigned IS NULL THEN 1 ELSE 0 END) AS bot_only,
                    SUM(CASE WHEN handoffs > 0 THEN 1 ELSE 0 END) AS handoffs,
                    SUM(transfers) AS transfers, SUM(reassignments) AS reassignments, SUM(summaries) AS summaries
                FROM facts
            ),
            durations AS (
                SELECT 'wait' AS metric, wait AS s FROM facts WHERE wait IS NOT NULL
                UNION ALL SELECT 'response', response FROM facts WHERE response IS NOT NULL
                UNION ALL SELECT 'handling', handling FROM facts WHERE handling IS NOT NULL
            ),
            ranked AS (
                SELECT metric, s, ROW_NUMBER() OVER (PARTITION BY metric ORDER BY s) AS rn, COUNT(*) OVER (PARTITION BY metric) AS n FROM durations
            ),
            waits AS (
                SELECT CASE {buckets} ELSE {WaitBounds.Length - 1} END AS bucket FROM facts WHERE wait IS NOT NULL
            )
            SELECT 'total' AS kind, 'started' AS key, NULL AS label, 0 AS day, started AS n, 0 AS m,
                   CAST(NULL AS double precision) AS x, CAST(NULL AS double precision) AS y, CAST(NULL AS double precision) AS z FROM totals
            UNION ALL SELECT 'total', 'answered', NULL, 0, answered, 0, NULL, NULL, NULL FROM totals
            UNION ALL SELECT 'total', 'missed', NULL, 0, missed, 0, NULL, NULL, NULL FROM totals
            UNION ALL SELECT 'total', 'botOnly', NULL, 0, bot_only, 0, NULL, NULL, NULL FROM totals
            UNION ALL SELECT 'total', 'handoffs', NULL, 0, handoffs, 0, NULL, NULL, NULL FROM totals
            UNION ALL SELECT 'total', 'transfers', NULL, 0, transfers, 0, NULL, NULL, NULL FROM totals
            UNION ALL SELECT 'total', 'reassignments', NULL, 0, reassignments, 0, NULL, NULL, NULL FROM totals
            UNION ALL SELECT 'total', 'summaries', NULL, 0, summaries, 0, NULL, NULL, NULL FROM totals
            UNION ALL
            SELECT 'duration', metric, NULL, 0, MAX(n), 0,
                   MIN(CASE WHEN rn * 2 >= n THEN s END), MIN(CASE WHEN rn * 10 >= n * 9 THEN s END), CAST(AVG(s) AS double precision)
            FROM ranked GROUP BY metric
            UNION ALL
            SELECT 'day', channel, NULL, day, COUNT(*), SUM(CASE WHEN state = {Sql.Literal(ChatState.Missed)} THEN 1 ELSE 0 END), NULL, NULL, NULL FROM facts GROUP BY day, channel
            UNION ALL
            SELECT 'bucket', NULL, NULL, bucket, COUNT(*), 0, NULL, NULL, NULL FROM waits GROUP BY bucket
            UNION ALL
            SELECT 'operator', o.participant_id, MAX(o.name), 0, COUNT(*), 0, NULL, NULL, NULL
            FROM (
                SELECT p.participant_id, p.chat_id, MAX(p.name) AS name
                FROM facts f JOIN chat_participants p ON p.chat_id = f.id AND p.kind = {Sql.Literal(ParticipantKind.Operator)} AND p.role = {Sql.Literal(ParticipantRole.Owner)}
                GROUP BY p.participant_id, p.chat_id
            ) o
            GROUP BY o.participant_id
            """;
    }

    /// <summary>Seconds from <paramref name="earlier"/> to <paramref name="later"/>, as a double, in each dialect.</summary>
    private static string Seconds(bool postgres, string later, string earlier) => postgres
        ? $"CAST(EXTRACT(EPOCH FROM ({later} - {earlier})) AS double precision)"
        : $"ROUND((julianday({later}) - julianday({earlier})) * 86400.0, 3)";
}
