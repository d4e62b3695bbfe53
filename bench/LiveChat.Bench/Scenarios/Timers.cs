using System.Collections.Concurrent;
using Npgsql;

namespace LiveChat.Bench.Scenarios;

/// <summary>
/// Scenario 4: 10,000 chats counting down to their end (30–90 s of visitor silence) while 1,000 messages/s come
/// in, some of them restarting countdowns: every chat must end within its deadline + 2 s, and the timers must
/// cost ingest little.
/// </summary>
public static class Timers
{
    private static readonly int[] s_delays = [30, 45, 60, 90];

    public static async Task<ScenarioResult> RunAsync(Bench bench)
    {
        var result = new ScenarioResult("S4 End timers");
        var chats = bench.Scaled(10_000);
        await using var gateway = await bench.StartGatewayAsync(Bench.PickUpsFinishFirst(chats));
        var webhook = new Uri(gateway.Address, "/webhooks/whatsapp");
        var operators = new Operators(bench.Sender.Http, gateway.Address);
        const int others = 2_000;
        var run = Guid.NewGuid().ToString("N")[..8];
        string Counted(int i) => $"45{i:D6}";
        string Other(int i) => $"44{i:D6}";

        bench.Progress($"S4: opening {chats} chats and {others} more");
        var firsts = Enumerable.Range(0, chats).Select(Counted).Concat(Enumerable.Range(0, others).Select(Other)).ToArray();
        await Parallel.ForAsync(0, (firsts.Length + 9) / 10, new ParallelOptions { MaxDegreeOfParallelism = bench.Concurrency }, async (b, ct) =>
        {
            var body = WhatsApp.Batch(firsts.Skip(b * 10).Take(10).Select(c => new WhatsApp.Message(c, $"wamid.s4.{run}.open.{c}", "Hello, I need help with my order.")));
            if (!await bench.Sender.PostAsync(webhook, body, WhatsApp.Sign(body), cancellationToken: ct))
            {
                throw new InvalidOperationException("The gateway refused a webhook while the chats were being opened.");
            }
        });
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        await using (var connection = new NpgsqlConnection(gateway.Database))
        {
            await connection.OpenAsync();
            await using var query = new NpgsqlCommand("SELECT conversation_key, id FROM chats WHERE conversation_key LIKE '45%'", connection);
            await using var reader = await query.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                ids[reader.GetString(0)] = reader.GetString(1);
            }
        }

        var counted = Enumerable.Range(0, chats).Select(i => ids[Counted(i)]).ToArray();
        var perOperator = 100;
        var agents = (chats + perOperator - 1) / perOperator;
        bench.Progress($"S4: {agents} operators pick the chats up");
        var department = await operators.DefaultDepartmentAsync();
        var tokens = await operators.CreateAgentsAsync($"s4-{run}", agents, department, capacity: perOperator);
        await Parallel.ForAsync(0, chats, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
        {
            await operators.PickUpAsync(tokens[i / perOperator], counted[i]);
        });

        await gateway.AnalyzeAsync();

        // The same mix with and without timers: 10 messages a POST from other customers, except that 1 of them goes to
        // a counted chat, restarting its countdown, in 1 POST of 10,000 / chats (100 restarts a second at full size).
        // Each counted chat hears from its customer once, in a random order: a chat that kept hearing from them
        // would rightly never end, and the run could not tell a late timer from a restarted one.
        var touches = new ConcurrentDictionary<int, ConcurrentBag<(DateTimeOffset Sent, DateTimeOffset Acked)>>();
        var touchShare = chats / 10_000.0;
        var touchOrder = Enumerable.Range(0, chats).OrderBy(_ => Random.Shared.Next()).ToArray();
        var touched = -1;
        Func<long, long, Task<bool>> Mix(string phase) => async (sequence, _) =>
        {
            var target = -1;
            if (phase.StartsWith("on", StringComparison.Ordinal) && Random.Shared.NextDouble() < touchShare
                && Interlocked.Increment(ref touched) is var next && next < chats)
            {
                target = touchOrder[next];
            }

            var messages = Enumerable.Range(0, target < 0 ? 10 : 9)
                .Select(k => new WhatsApp.Message(Other((int)((sequence * 10 + k) % others)), $"wamid.s4.{run}.{phase}.{sequence}.{k}", "Any news?"));
            if (target >= 0)
            {
                messages = messages.Append(new WhatsApp.Message(Counted(target), $"wamid.s4.{run}.{phase}.{sequence}.t", "Still there?"));
            }

            var body = WhatsApp.Batch(messages);
            var sent = DateTimeOffset.UtcNow;
            var ok = await bench.Sender.PostAsync(webhook, body, WhatsApp.Sign(body));
            if (ok && target >= 0 && phase.StartsWith("on", StringComparison.Ordinal))
            {
                touches.GetOrAdd(target, _ => []).Add((sent, DateTimeOffset.UtcNow));
            }

            return ok;
        };

        const double PostsPerSecond = 100;
        bench.Progress($"S4: {PostsPerSecond * 10:F0} messages/s with no timers running, {bench.Seconds.TotalSeconds:F0} s");
        var off = await Load.PacedAsync("S4 1,000 msgs/s, timers off", PostsPerSecond, bench.Seconds, 10, 128, Mix("off"));
        result.Runs.Add(off);

        bench.Progress($"S4: ending {chats} chats after 30/45/60/90 s of silence, under the same load until all have ended");
        var requested = new (DateTimeOffset Sent, DateTimeOffset Answered, int After)[chats];
        using var loadStop = new CancellationTokenSource();
        var longest = TimeSpan.FromSeconds(s_delays.Max() + 30 + (chats / (touchShare * PostsPerSecond)));
        var onLoad = Task.Run(async () =>
        {
            // Paced in slices so the load stops when the last chat has ended.
            var runs = new List<LoadResult>();
            while (!loadStop.IsCancellationRequested)
            {
                runs.Add(await Load.PacedAsync("slice", PostsPerSecond, TimeSpan.FromSeconds(5), 10, 128, Mix($"on{runs.Count}")));
            }

            return runs;
        });
        var ending = Task.Run(() => Parallel.ForAsync(0, chats, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
        {
            var after = s_delays[i % s_delays.Length];
            var sent = DateTimeOffset.UtcNow;
            await operators.EndAsync(tokens[i / perOperator], counted[i], after);
            requested[i] = (sent, DateTimeOffset.UtcNow, after);
        }));
        await ending;
        var inEnding = await Bench.ScalarAsync<long>(gateway.Database, "SELECT COUNT(*) FROM chats WHERE state = 'ending'");
        result.Numbers["chats in ending when the last countdown started"] = inEnding;
        await bench.WaitUntilAsync("S4: countdowns", longest + TimeSpan.FromSeconds(60), async () =>
        {
            var open = await Bench.ScalarAsync<long>(gateway.Database, "SELECT COUNT(*) FROM chats WHERE conversation_key LIKE '45%' AND state = 'ending'");
            return (open == 0, $"{open} still ending");
        });
        await loadStop.CancelAsync();
        var slices = await onLoad;
        var on = new LoadResult(
            "S4 1,000 msgs/s, timers on", 128, slices.Sum(s => s.Seconds), slices.Sum(s => s.Requests), slices.Sum(s => s.Errors), 10,
            slices.Max(s => s.P50Ms), slices.Max(s => s.P99Ms));
        result.Runs.Add(on);
        result.Notes.Add("Timers-on p50/p99 are the worst of its 5-second slices.");

        var ended = new Dictionary<string, (DateTimeOffset? At, string State)>(StringComparer.Ordinal);
        await using (var connection = new NpgsqlConnection(gateway.Database))
        {
            await connection.OpenAsync();
            await using var query = new NpgsqlCommand("SELECT id, ended_at, state FROM chats WHERE id = ANY($1)", connection);
            query.Parameters.AddWithValue(counted);
            await using var reader = await query.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                ended[reader.GetString(0)] = (reader.IsDBNull(1) ? null : new DateTimeOffset(reader.GetDateTime(1), TimeSpan.Zero), reader.GetString(2));
            }
        }

        var late = 0;
        var early = 0;
        var neverEnded = 0;
        var worstLateness = double.MinValue;
        for (var i = 0; i < chats; i++)
        {
            var (endedAt, _) = ended[counted[i]];
            if (endedAt is not { } at)
            {
                neverEnded++;
                continue;
            }

            var (sent, answered, after) = requested[i];
            // The countdown restarts at the last visitor message the gateway stored before the end.
            var restarted = touches.TryGetValue(i, out var bag) ? bag.Where(t => t.Acked <= at).Select(t => t.Acked).DefaultIfEmpty(answered).Max() : answered;
            var deadline = (restarted > answered ? restarted : answered).AddSeconds(after);
            var lateness = (at - deadline).TotalSeconds;
            worstLateness = Math.Max(worstLateness, lateness);
            late += lateness > 2 ? 1 : 0;
            early += at < sent.AddSeconds(after) ? 1 : 0;
        }

        result.Numbers["chats"] = chats;
        result.Numbers["countdown restarts sent"] = touches.Values.Sum(b => b.Count);
        result.Numbers["worst end after deadline (s)"] = worstLateness;
        bench.Progress($"S4: {late} late, {early} early, {neverEnded} never ended; worst {worstLateness:F2} s after the deadline");
        result.Checks.Add(new Check("chats ended later than deadline + 2 s", late + neverEnded, 0, AtLeast: false));
        result.Checks.Add(new Check("chats ended before their countdown", early, 0, AtLeast: false));
        result.Checks.Add(new Check("throughput with timers on ÷ off ≥ 0.9", on.ItemsPerSecond / off.ItemsPerSecond, 0.9, AtLeast: true));
        return result;
    }
}
