using System.Diagnostics;
using System.Net.Http.Headers;
using Npgsql;

namespace LiveChat.Bench.Scenarios;

/// <summary>
/// Scenario 6: a month of 100,000 chats (four channels, three departments, 30 operators; a tenth missed, a fifth with a
/// bot, one in twenty transferred, a third summarised; six messages each) stored, then the chat report of that month
/// asked for: it must answer in under a second.
/// </summary>
public static class Reports
{
    private const int Days = 30;

    public static async Task<ScenarioResult> RunAsync(Bench bench)
    {
        var result = new ScenarioResult("S6 Chat report");
        var chats = bench.Scaled(100_000);
        await using var gateway = await bench.StartGatewayAsync();
        var to = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1);
        var from = to.AddDays(1 - Days);
        bench.Progress($"S6: storing {chats} chats from {from:yyyy-MM-dd} to {to:yyyy-MM-dd}");
        var seeding = Stopwatch.StartNew();
        await SeedAsync(gateway.Database, chats, new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));
        await VacuumAsync(gateway.Database);
        bench.Progress($"S6: stored in {seeding.Elapsed.TotalSeconds:F0} s");

        var token = await new Operators(bench.Sender.Http, gateway.Address).TokenAsync(Operators.AdminEmail, Operators.AdminPassword);
        var month = $"/api/v1/reports/chats?from={from:yyyy-MM-dd}&to={to:yyyy-MM-dd}";
        foreach (var (name, query) in new[]
        {
            ("month, UTC", month),
            ("month, Europe/Berlin", month + "&timeZone=Europe/Berlin"),
            ("month, one department and channel", month + "&departmentId=dep-r1&channel=whatsapp"),
        })
        {
            var timings = await TimeAsync(bench.Sender.Http, new Uri(gateway.Address, query), token, runs: 10);
            result.Numbers[$"{name}: median ms"] = timings[timings.Count / 2];
            result.Numbers[$"{name}: slowest ms"] = timings[^1];
            if (name == "month, UTC")
            {
                result.Checks.Add(new Check($"report of a month of {chats} chats, median ms", timings[timings.Count / 2], 1000, AtLeast: false));
            }
        }

        // The machine is shared: the figures above are wall-clock times under whatever else ran.
        result.Numbers["load average (1 min)"] = double.Parse((await File.ReadAllTextAsync("/proc/loadavg")).Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        return result;
    }

    /// <summary>Times <paramref name="runs"/> requests after one to warm up; sorted, in milliseconds.</summary>
    private static async Task<List<double>> TimeAsync(HttpClient http, Uri address, string token, int runs)
    {
        var timings = new List<double>();
        for (var i = 0; i <= runs; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, address);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            var watch = Stopwatch.StartNew();
            using var response = await http.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            watch.Stop();
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"The report failed: {(int)response.StatusCode} {body}");
            }

            if (i > 0)
            {
                timings.Add(watch.Elapsed.TotalMilliseconds);
            }
        }

        timings.Sort();
        return timings;
    }

    /// <summary>
    /// What autovacuum has long done to a past month's rows on a live system: statistics, and the visibility map that lets
    /// the report read the chats from its covering index alone (the seed's inserts fire the triggers that update each chat).
    /// </summary>
    private static async Task VacuumAsync(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var vacuum = new NpgsqlCommand("VACUUM ANALYZE", connection) { CommandTimeout = 600 };
        await vacuum.ExecuteNonQueryAsync();
    }

    private static async Task SeedAsync(string database, int chats, DateTimeOffset start)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(SeedSql, connection) { CommandTimeout = 600 };
        command.Parameters.AddWithValue("n", chats);
        command.Parameters.AddWithValue("start", start);
        command.Parameters.AddWithValue("span", (double)Days * 86_400);
        await command.ExecuteNonQueryAsync();
    }

    private const string SeedSql = """
        INSERT INTO departments (id, name, is_default, created_at) SELECT 'dep-r' || d, 'Reports ' || d, false, now() FROM generate_series(1, 3) d;
        INSERT INTO operators (id, email, email_normalized, name, password_hash, role, max_concurrent_chats, language, created_at, updated_at)
        SELECT 'op-r' || o, 'r' || o || '@bench.test', 'r' || o || '@bench.test', 'Agent ' || o, 'none', 'agent', 5, 'en', now(), now()
        FROM generate_series(1, 30) o;
        INSERT INTO visitors (id, channel, external_key, created_at, updated_at) SELECT 'vis-r' || i, 'whatsapp', 'r' || i, now(), now() FROM generate_series(1, @n) i;
        CREATE TEMP TABLE seed AS
        SELECT i, 'chat-r' || i AS id, @start + make_interval(secs => i * @span / @n) AS s,
               make_interval(secs => i::bigint * 7919 % 600) AS w, make_interval(secs => 120 + i::bigint * 104729 % 1800) AS h,
               (ARRAY['whatsapp', 'messenger', 'instagram', 'webchat'])[1 + i % 4] AS channel, i % 10 = 0 AS missed
        FROM generate_series(1, @n) i;
        INSERT INTO chats (id, channel, conversation_key, visitor_id, department_id, state, started_at, queued_at, assigned_at, ended_at, end_reason,
                           last_visitor_activity_at, updated_at)
        SELECT id, channel, 'r' || i, 'vis-r' || i, 'dep-r' || (1 + i % 3), CASE WHEN missed THEN 'missed' ELSE 'ended' END,
               s, s, CASE WHEN missed THEN NULL ELSE s + w END, CASE WHEN missed THEN s + interval '120 seconds' ELSE s + w + h END, 'operator', s, s
        FROM seed;
        INSERT INTO chat_participants (chat_id, kind, participant_id, name, role, joined_at, left_at)
        SELECT id, 'bot', 'faq', 'FAQ bot', 'owner', s - interval '60 seconds', s FROM seed WHERE i % 5 = 0;
        INSERT INTO chat_participants (chat_id, kind, participant_id, name, role, joined_at, left_at)
        SELECT id, 'operator', 'op-r' || (1 + i % 30), 'Agent ' || (1 + i % 30), 'owner', s + w, s + w + h FROM seed WHERE NOT missed;
        INSERT INTO messages (id, chat_id, channel, direction, sender_kind, activity_type, text, activity, sent_at, created_at)
        SELECT id || '-m' || k, id, channel, CASE WHEN k % 2 = 0 THEN 'in' ELSE 'out' END, CASE WHEN k % 2 = 0 THEN 'visitor' ELSE 'operator' END,
               'message', 'Message ' || k, '{}', s + w + make_interval(secs => k * 20), s + w + make_interval(secs => k * 20)
        FROM seed CROSS JOIN generate_series(0, 5) k WHERE NOT missed OR k % 2 = 0;
        INSERT INTO chat_history (chat_id, action, actor_kind, actor_id, detail, at)
        SELECT id, 'pickedUp', 'operator', 'op-r' || (1 + i % 30), NULL, s + w FROM seed WHERE NOT missed
        UNION ALL SELECT id, 'handedOff', 'bot', 'faq', NULL, s FROM seed WHERE i % 5 = 0
        UNION ALL SELECT id, 'transferred', 'operator', 'op-r1', NULL, s + w + interval '60 seconds' FROM seed WHERE NOT missed AND i % 20 = 1
        UNION ALL SELECT id, CASE WHEN missed THEN 'missed' ELSE 'ended' END, 'operator', NULL, NULL, s + w + h FROM seed;
        INSERT INTO chat_summaries (chat_id, text, provider, language, trigger, generated_at)
        SELECT id, 'The customer asked about an order.', 'builtin', 'en', 'end', s + w + h FROM seed WHERE NOT missed AND i % 3 = 0;
        """;
}
