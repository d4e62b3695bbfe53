using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;

namespace LiveChat.Bench.Scenarios;

/// <summary>
/// Scenario 5: a backlog of 10,000 ended chats drained into a helpdesk that fails 20 % of requests with 5xx and
/// loses 10 % of answers after doing the work: exactly one ticket each, at a rate close to a bare loop calling the
/// same stub at the same concurrency. The backlog is made by a gateway with no helpdesk configured; a second start
/// on the same database with Zendesk configured drains it (as after a helpdesk outage or a late configuration).
/// </summary>
public static class TicketDrain
{
    private const double FailShare = 0.20;
    private const double LoseShare = 0.10;

    /// <summary>A gateway node sends up to 4 requests at once (TicketJob.Parallelism); the bare loop does the same.</summary>
    private const int Concurrency = 4;

    public static async Task<ScenarioResult> RunAsync(
        Bench bench, TimeSpan helpdeskLatency, TimeSpan drainLimit, int kills, IReadOnlyDictionary<string, string?> compare, string? existing)
    {
        var result = new ScenarioResult("S5 Ticket drain");
        var run = Guid.NewGuid().ToString("N")[..8];
        var database = existing ?? await SetUpAsync(bench, bench.Scaled(10_000), run);
        var backlog = await Bench.ScalarAsync<long>(database, "SELECT COUNT(*) FROM ticket_requests WHERE state = 'pending'");
        result.Numbers["ticket requests waiting"] = backlog;
        if (existing is not null && kills > 0)
        {
            // A backlog left by an earlier run (its "_kills" copy): only the drain with kills.
            await KillsAsync(bench, result, database, backlog, helpdeskLatency, drainLimit, kills);
            return result;
        }

        // The same backlog for the other drains: copies of the database as the set-up left it.
        var copy = kills > 0 ? await CopyAsync(bench, database, "kills") : null;
        var compared = compare.Count > 0 ? await CopyAsync(bench, database, "compared") : null;

        await using var helpdesk = await FlakyHelpdesk.StartAsync(FailShare, LoseShare, helpdeskLatency);
        bench.Progress($"S5: draining {backlog} ticket requests into a helpdesk failing {FailShare:P0} and losing {LoseShare:P0} (latency {helpdeskLatency.TotalMilliseconds:F0} ms)");
        var drain = await DrainAsync(bench, database, backlog, helpdesk, drainLimit, kills: 0);
        result.Numbers["helpdesk requests"] = helpdesk.Requests;
        result.Numbers["drain seconds (all)"] = drain.Seconds;
        result.Numbers["drain seconds (99 %)"] = drain.NinetyNine;
        var gatewayRate = backlog / drain.Seconds;
        result.Numbers["gateway tickets/s"] = gatewayRate;
        result.Numbers["load average (1 min) after the drain"] = await LoadAverageAsync();

        bench.Progress($"S5: the bare loop, {Concurrency} at a time, against a fresh stub with the same failures");
        await using var bare = await FlakyHelpdesk.StartAsync(FailShare, LoseShare, helpdeskLatency);
        var bareRate = await BareLoopAsync(bench, bare, (int)backlog, run);
        result.Numbers["bare loop tickets/s"] = bareRate;
        var duplicates = helpdesk.Tickets.Values.Sum(n => n - 1);
        var missing = backlog - helpdesk.Tickets.Count;
        bench.Progress($"S5: gateway {gatewayRate:F1} tickets/s, bare loop {bareRate:F1} tickets/s; {duplicates} duplicates, {missing} missing");
        result.Checks.Add(new Check("duplicate tickets", duplicates, 0, AtLeast: false));
        result.Checks.Add(new Check("chats without a ticket", missing, 0, AtLeast: false));
        result.Checks.Add(new Check("drain rate ÷ bare loop ≥ 0.8", gatewayRate / bareRate, 0.8, AtLeast: true));

        if (compared is not null)
        {
            await using var stub = await FlakyHelpdesk.StartAsync(FailShare, LoseShare, helpdeskLatency);
            var with = string.Join(", ", compare.Select(kv => $"{kv.Key}={kv.Value}"));
            bench.Progress($"S5: the same {backlog} requests again, into a fresh stub, with {with}");
            var other = await DrainAsync(bench, compared, backlog, stub, drainLimit, kills: 0, compare);
            result.Notes.Add($"compared: {with}");
            result.Numbers["compared: helpdesk requests"] = stub.Requests;
            result.Numbers["compared: drain seconds (all)"] = other.Seconds;
            result.Numbers["compared: drain seconds (99 %)"] = other.NinetyNine;
            result.Numbers["compared: gateway tickets/s"] = backlog / other.Seconds;
            result.Numbers["compared: duplicates"] = stub.Tickets.Values.Sum(n => n - 1);
            result.Numbers["compared: missing"] = backlog - stub.Tickets.Count;
            result.Numbers["compared: load average (1 min) after the drain"] = await LoadAverageAsync();
            bench.Progress($"S5 compared: {backlog / other.Seconds:F1} tickets/s");
        }

        if (copy is not null)
        {
            await KillsAsync(bench, result, copy, backlog, helpdeskLatency, drainLimit, kills);
        }

        return result;
    }

    /// <summary>The backlog in <paramref name="database"/> drained with the node killed (SIGKILL) and restarted <paramref name="kills"/> times.</summary>
    private static async Task KillsAsync(Bench bench, ScenarioResult result, string database, long backlog, TimeSpan helpdeskLatency, TimeSpan drainLimit, int kills)
    {
        await using var killed = await FlakyHelpdesk.StartAsync(FailShare, LoseShare, helpdeskLatency);
        bench.Progress($"S5: the same {backlog} requests again, into a fresh stub, the draining node killed (SIGKILL) {kills} times");
        var withKills = await DrainAsync(bench, database, backlog, killed, drainLimit, kills);
        var killedDuplicates = killed.Tickets.Values.Sum(n => n - 1);
        var killedMissing = backlog - killed.Tickets.Count;
        result.Numbers["with kills: kills"] = withKills.Kills;
        result.Numbers["with kills: helpdesk requests"] = killed.Requests;
        result.Numbers["with kills: drain seconds (all)"] = withKills.Seconds;
        result.Numbers["with kills: drain seconds (99 %)"] = withKills.NinetyNine;
        result.Numbers["with kills: gateway tickets/s"] = backlog / withKills.Seconds;
        result.Numbers["with kills: load average (1 min) after the drain"] = await LoadAverageAsync();
        bench.Progress($"S5 with kills: {backlog / withKills.Seconds:F1} tickets/s; {killedDuplicates} duplicates, {killedMissing} missing");
        result.Checks.Add(new Check($"duplicate tickets, node killed {withKills.Kills}×", killedDuplicates, 0, AtLeast: false));
        result.Checks.Add(new Check($"chats without a ticket, node killed {withKills.Kills}×", killedMissing, 0, AtLeast: false));
    
    }

    /// <summary>
    /// Makes the backlog: <paramref name="chats"/> chats opened, picked up and ended by a gateway with no helpdesk; returns
    /// its database.
    /// </summary>
    private static async Task<string> SetUpAsync(Bench bench, int chats, string run)
    {
        string database;
        // No chat of the set-up may be missed before it is picked up, however slowly the machine makes 10,000 pick-ups.
        await using (var gateway = await bench.StartGatewayAsync(new Dictionary<string, string?> { ["Routing:MissedAfterSeconds"] = "7200" }))
        {
            database = gateway.Database;
            var webhook = new Uri(gateway.Address, "/webhooks/whatsapp");
            var operators = new Operators(bench.Sender.Http, gateway.Address);
            bench.Progress($"S5: {chats} chats opened, picked up and ended with no helpdesk configured");
            var customers = Enumerable.Range(0, chats).Select(i => $"43{i:D6}").ToArray();
            await Parallel.ForAsync(0, (chats + 9) / 10, new ParallelOptions { MaxDegreeOfParallelism = bench.Concurrency }, async (b, ct) =>
            {
                var body = WhatsApp.Batch(customers.Skip(b * 10).Take(10).Select(c => new WhatsApp.Message(c, $"wamid.s5.{run}.{c}", "My invoice shows the wrong address.")));
                if (!await bench.Sender.PostAsync(webhook, body, WhatsApp.Sign(body), cancellationToken: ct))
                {
                    throw new InvalidOperationException("The gateway refused a webhook while the chats were being opened.");
                }
            });
            var ids = await Bench.ColumnAsync<string>(database, "SELECT id FROM chats WHERE conversation_key LIKE '43%' ORDER BY conversation_key");
            var tokens = await operators.CreateAgentsAsync($"s5-{run}", (chats + 99) / 100, await operators.DefaultDepartmentAsync(), capacity: 100);
            await Parallel.ForAsync(0, ids.Count, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
            {
                await operators.PickUpAsync(tokens[i / 100], ids[i]);
                await operators.EndAsync(tokens[i / 100], ids[i], 0);
            });
            await bench.WaitUntilAsync("S5: closing summaries", TimeSpan.FromMinutes(10), async () =>
            {
                var pending = await Bench.ScalarAsync<long>(database, "SELECT COUNT(*) FROM summary_jobs WHERE state = 'pending'");
                return (pending == 0, $"{pending} summaries pending");
            });
        }

        return database;
    }

    private sealed record Drain(double Seconds, double NinetyNine, int Kills);

    /// <summary>
    /// Starts a gateway with Zendesk pointing at <paramref name="helpdesk"/> on <paramref name="database"/> and waits until
    /// every request is created. With <paramref name="kills"/>, the node runs as a process of its own and is killed
    /// (SIGKILL) and started again each time another 1 / (kills + 1) of the backlog has been created.
    /// </summary>
    private static async Task<Drain> DrainAsync(
        Bench bench, string database, long backlog, FlakyHelpdesk helpdesk, TimeSpan drainLimit, int kills, IReadOnlyDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>(extra ?? new Dictionary<string, string?>())
        {
            ["Tickets:Provider"] = "Zendesk",
            ["Tickets:Zendesk:BaseUrl"] = helpdesk.BaseUrl,
            ["Tickets:Zendesk:Email"] = "bench@example.test",
            ["Tickets:Zendesk:ApiToken"] = "bench-token",
            ["Tickets:PollSeconds"] = "0.25",
        };
        if (kills > 0)
        {
            // A killed node's attempts hold their requests for the lease: 60 s here (docs/benchmarks.md), not the default 300.
            settings["Tickets:LeaseSeconds"] = "60";
        }

        var clock = Stopwatch.StartNew();
        double? ninetyNine = null;
        var killed = 0;
        await using var inProcess = kills == 0 ? await bench.StartGatewayAsync(settings, database) : null;
        var node = kills > 0 ? await GatewayProcess.StartAsync(database, bench.GatewaySettings(settings)) : null;
        try
        {
            await bench.WaitUntilAsync("S5: tickets", drainLimit, async () =>
            {
                var open = await Bench.ScalarAsync<long>(database, "SELECT COUNT(*) FROM ticket_requests WHERE state <> 'created'");
                if (ninetyNine is null && open <= backlog / 100)
                {
                    ninetyNine = clock.Elapsed.TotalSeconds;
                }

                if (node is not null && killed < kills && backlog - open >= backlog * (killed + 1) / (kills + 1))
                {
                    var pid = node.Id;
                    await node.KillAsync();
                    await node.DisposeAsync();
                    killed++;
                    bench.Progress($"S5: node {pid} killed (SIGKILL) at {backlog - open} of {backlog} created; starting another");
                    node = await GatewayProcess.StartAsync(database, bench.GatewaySettings(settings));
                }

                return (open == 0, $"{backlog - open} of {backlog} created, {helpdesk.Requests} helpdesk requests");
            });
        }
        finally
        {
            if (node is not null)
            {
                await node.DisposeAsync();
            }
        }

        var seconds = clock.Elapsed.TotalSeconds;
        return new Drain(seconds, ninetyNine ?? seconds, killed);
    }

    /// <summary>A copy of <paramref name="database"/> (PostgreSQL's template copy; nothing may be connected to it).</summary>
    private static async Task<string> CopyAsync(Bench bench, string database, string suffix)
    {
        var source = new NpgsqlConnectionStringBuilder(database).Database;
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(bench.Server);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{source}_{suffix}\" TEMPLATE \"{source}\"", connection);
        await create.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(database) { Database = $"{source}_{suffix}" }.ConnectionString;
    }

    private static async Task<double> LoadAverageAsync() =>
        double.Parse((await File.ReadAllTextAsync("/proc/loadavg")).Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>What the drain would take with no gateway at all: create, retry on 5xx, look up after a lost answer.</summary>
    private static async Task<double> BareLoopAsync(Bench bench, FlakyHelpdesk stub, int count, string run)
    {
        var baseUri = new Uri(stub.BaseUrl);
        long next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Concurrency).Select(_ => Task.Run(async () =>
        {
            long i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var externalId = $"bare-{run}-{i}";
                var ambiguous = false;
                while (true)
                {
                    try
                    {
                        if (ambiguous)
                        {
                            using var found = await bench.Sender.Http.GetAsync(new Uri(baseUri, $"/api/v2/tickets?external_id={externalId}"));
                            if (found.IsSuccessStatusCode && (await found.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("tickets").GetArrayLength() > 0)
                            {
                                break;
                            }
                        }

                        using var created = await bench.Sender.Http.PostAsJsonAsync(new Uri(baseUri, "/api/v2/tickets"), new
                        {
                            ticket = new { subject = "Chat transcript", comment = new { body = "Visitor: My invoice shows the wrong address.", @public = false }, external_id = externalId, tags = new[] { "livechat" } },
                        });
                        if (created.IsSuccessStatusCode)
                        {
                            break;
                        }

                        ambiguous = (int)created.StatusCode != 503;
                    }
                    catch (HttpRequestException)
                    {
                        ambiguous = true;
                    }
                }
            }
        })));
        return count / clock.Elapsed.TotalSeconds;
    }
}
