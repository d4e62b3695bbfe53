using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

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

    public static async Task<ScenarioResult> RunAsync(Bench bench, TimeSpan helpdeskLatency, TimeSpan drainLimit)
    {
        var result = new ScenarioResult("S5 Ticket drain");
        var chats = bench.Scaled(10_000);
        var run = Guid.NewGuid().ToString("N")[..8];
        string database;
        await using (var gateway = await bench.StartGatewayAsync(Bench.PickUpsFinishFirst(chats)))
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

        var backlog = await Bench.ScalarAsync<long>(database, "SELECT COUNT(*) FROM ticket_requests WHERE state = 'pending'");
        result.Numbers["ticket requests waiting"] = backlog;
        await using var helpdesk = await FlakyHelpdesk.StartAsync(FailShare, LoseShare, helpdeskLatency);
        bench.Progress($"S5: draining {backlog} ticket requests into a helpdesk failing {FailShare:P0} and losing {LoseShare:P0} (latency {helpdeskLatency.TotalMilliseconds:F0} ms)");
        var clock = Stopwatch.StartNew();
        double? ninetyNine = null;
        await using (var drainer = await bench.StartGatewayAsync(new Dictionary<string, string?>
        {
            ["Tickets:Provider"] = "Zendesk",
            ["Tickets:Zendesk:BaseUrl"] = helpdesk.BaseUrl,
            ["Tickets:Zendesk:Email"] = "bench@example.test",
            ["Tickets:Zendesk:ApiToken"] = "bench-token",
            ["Tickets:PollSeconds"] = "0.25",
        }, database))
        {
            await bench.WaitUntilAsync("S5: tickets", drainLimit, async () =>
            {
                var open = await Bench.ScalarAsync<long>(database, "SELECT COUNT(*) FROM ticket_requests WHERE state <> 'created'");
                if (ninetyNine is null && open <= backlog / 100)
                {
                    ninetyNine = clock.Elapsed.TotalSeconds;
                }

                return (open == 0, $"{backlog - open} of {backlog} created, {helpdesk.Requests} helpdesk requests");
            });
        }

        var seconds = clock.Elapsed.TotalSeconds;
        var duplicates = helpdesk.Tickets.Values.Sum(n => n - 1);
        var missing = backlog - helpdesk.Tickets.Count;
        result.Numbers["helpdesk requests"] = helpdesk.Requests;
        result.Numbers["drain seconds (all)"] = seconds;
        result.Numbers["drain seconds (99 %)"] = ninetyNine ?? seconds;
        var gatewayRate = backlog / seconds;
        result.Numbers["gateway tickets/s"] = gatewayRate;

        bench.Progress($"S5: the bare loop, {Concurrency} at a time, against a fresh stub with the same failures");
        await using var bare = await FlakyHelpdesk.StartAsync(FailShare, LoseShare, helpdeskLatency);
        var bareRate = await BareLoopAsync(bench, bare, (int)backlog, run);
        result.Numbers["bare loop tickets/s"] = bareRate;
        bench.Progress($"S5: gateway {gatewayRate:F1} tickets/s, bare loop {bareRate:F1} tickets/s; {duplicates} duplicates, {missing} missing");
        result.Checks.Add(new Check("duplicate tickets", duplicates, 0, AtLeast: false));
        result.Checks.Add(new Check("chats without a ticket", missing, 0, AtLeast: false));
        result.Checks.Add(new Check("drain rate ÷ bare loop ≥ 0.8", gatewayRate / bareRate, 0.8, AtLeast: true));
        return result;
    }

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
