extern alias gateway;

using gateway::LiveChat.Gateway.Ingest;

namespace LiveChat.Bench.Scenarios;

/// <summary>Scenario 1: signed WhatsApp webhook ingest, 1 and 10 messages per POST, from N concurrent senders.</summary>
public static class Ingest
{
    public static async Task<ScenarioResult> RunAsync(Bench bench, GatewayUnderTest gateway)
    {
        var result = new ScenarioResult("S1 WhatsApp ingest");
        var webhook = new Uri(gateway.Address, "/webhooks/whatsapp");
        var run = Guid.NewGuid().ToString("N")[..8];
        using var groups = new MeanOf(IngestQueue.MeterName, IngestQueue.RequestsPerTransaction);
        foreach (var perPost in new[] { 1, 10 })
        {
            bench.Progress($"S1: {perPost} message(s) per POST, {bench.Concurrency} senders, {bench.Seconds.TotalSeconds:F0} s");
            var load = await Load.RunAsync($"S1 ingest, {perPost}/POST", bench.Concurrency, bench.Seconds, perPost, (worker, sequence, ct) =>
            {
                // Each sender writes for 20 customers in turn: mostly messages to open chats, as on a busy day.
                var body = WhatsApp.Body(Customer(worker, sequence), perPost, $"wamid.s1.{run}.{perPost}.{worker}.{sequence}");
                return bench.Sender.PostAsync(webhook, body, WhatsApp.Sign(body), cancellationToken: ct);
            }, gateway.AnalyzeAsync);
            result.Runs.Add(load);
            result.Numbers[$"{perPost}/POST: requests per ingest transaction (mean)"] = groups.TakeMean();
        }

        var single = result.Runs[0];
        var batched = result.Runs[1];
        result.Checks.Add(new Check("1/POST requests/s ÷ B1 ≥ 0.5", single.RequestsPerSecond / bench.B1.RequestsPerSecond, 0.5, AtLeast: true));
        result.Checks.Add(new Check("10/POST messages/s ÷ B1 ≥ 1.0", batched.ItemsPerSecond / bench.B1.RequestsPerSecond, 1.0, AtLeast: true));
        if (bench.B1.CpuMsPerRequest is { } b1Cpu && single.CpuMsPerRequest is { } cpu)
        {
            // What the throughput ratio would be on a machine that did nothing else: both runs saturate the same cores.
            result.Numbers["1/POST: B1's CPU per request ÷ ours (the ratio on a quiet machine)"] = b1Cpu / cpu;
        }

        var best = batched.ItemsPerSecond >= single.ItemsPerSecond ? batched : single;
        result.Checks.Add(new Check($"messages/s ≥ 1,000 ({best.Name})", best.ItemsPerSecond, 1000, AtLeast: true));
        result.Checks.Add(new Check($"p99 ms ≤ 250 ({best.Name})", best.P99Ms, 250, AtLeast: false));
        return result;
    }

    public static string Customer(int worker, long sequence) => $"49{worker:D4}{sequence % 20:D3}";
}
