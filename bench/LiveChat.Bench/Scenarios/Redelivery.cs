namespace LiveChat.Bench.Scenarios;

/// <summary>
/// Scenario 2: a redelivery storm — the same corpus delivered three times, shuffled, concurrently — must leave
/// exactly one row per message; and rejecting bad signatures must cost about as little as a bare endpoint.
/// </summary>
public static class Redelivery
{
    public static async Task<ScenarioResult> RunAsync(Bench bench, GatewayUnderTest gateway)
    {
        var result = new ScenarioResult("S2 Redelivery storm");
        var webhook = new Uri(gateway.Address, "/webhooks/whatsapp");
        var run = Guid.NewGuid().ToString("N")[..8];

        // The corpus: single messages and 10-message batches from 500 customers, each notification signed once.
        var posts = bench.Scaled(3000);
        var corpus = Enumerable.Range(0, posts).Select(i =>
        {
            var count = i % 5 == 0 ? 10 : 1;
            var body = WhatsApp.Body($"48{i % 500:D6}", count, $"wamid.s2.{run}.{i}");
            return (Body: body, Signature: WhatsApp.Sign(body), Messages: count);
        }).ToArray();
        var expected = corpus.Sum(c => c.Messages);
        var deliveries = corpus.Concat(corpus).Concat(corpus).ToArray();
        Random.Shared.Shuffle(deliveries);
        bench.Progress($"S2: {deliveries.Length} deliveries of {posts} notifications ({expected} messages), shuffled, {bench.Concurrency} senders");

        long next = -1;
        long failed = 0;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, bench.Concurrency).Select(_ => Task.Run(async () =>
        {
            long i;
            while ((i = Interlocked.Increment(ref next)) < deliveries.Length)
            {
                var (body, signature, _) = deliveries[i];
                if (!await bench.Sender.PostAsync(webhook, body, signature))
                {
                    Interlocked.Increment(ref failed);
                }
            }
        })));
        var seconds = clock.Elapsed.TotalSeconds;

        var rows = await Bench.ScalarAsync<long>(gateway.Database, $"SELECT COUNT(*) FROM messages WHERE external_id LIKE 'wamid.s2.{run}.%'");
        var distinct = await Bench.ScalarAsync<long>(gateway.Database, $"SELECT COUNT(DISTINCT external_id) FROM messages WHERE external_id LIKE 'wamid.s2.{run}.%'");
        result.Numbers["deliveries"] = deliveries.Length;
        result.Numbers["deliveries/s"] = deliveries.Length / seconds;
        result.Numbers["non-2xx answers"] = failed;
        result.Numbers["messages in corpus"] = expected;
        result.Numbers["message rows"] = rows;
        bench.Progress($"S2: {rows} rows for {expected} messages ({distinct} distinct), {failed} non-2xx, {deliveries.Length / seconds:F0} deliveries/s");
        result.Checks.Add(new Check("duplicate rows = 0", rows - distinct, 0, AtLeast: false));
        result.Checks.Add(new Check("messages lost = 0", expected - distinct, 0, AtLeast: false));
        result.Checks.Add(new Check("deliveries refused = 0", failed, 0, AtLeast: false));

        // The storm's new chats leave work behind (queue notices to send): measured on top of it, the rejections
        // would share the cores with it.
        await bench.WaitForQuietAsync("S2");
        bench.Progress("S2: bad signatures");
        var forged = WhatsApp.Body("47000001", 1, $"wamid.s2.{run}.forged");
        var signature = WhatsApp.Sign(forged + " ");
        var rejected = await Load.RunAsync("S2 bad signature → 401", bench.Concurrency, bench.Seconds, 1,
            (_, _, ct) => bench.Sender.PostAsync(webhook, forged, signature, expected: 401, cancellationToken: ct));
        result.Runs.Add(rejected);
        result.Checks.Add(new Check("bad-signature rejections/s ÷ B0 ≥ 0.8", rejected.RequestsPerSecond / bench.B0.RequestsPerSecond, 0.8, AtLeast: true));
        return result;
    }
}
