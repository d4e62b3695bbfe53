using System.Buffers.Text;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Runtime.InteropServices;
using System.Text;

namespace LiveChat.Bench.Scenarios;

/// <summary>
/// Scenario 3: 500 operators on the event stream while WhatsApp messages come in at 500/s: how long from the
/// webhook POST to each operator's screen, and how much ingest throughput the fan-out costs.
/// </summary>
public static class FanOut
{
    private static string Customer(long i) => $"46{i:D6}";

    private static readonly byte[] s_marker = Encoding.UTF8.GetBytes("\"text\":\"[bench ");

    public static async Task<ScenarioResult> RunAsync(Bench bench, GatewayUnderTest gateway, LoadResult withoutFanOut)
    {
        var result = new ScenarioResult("S3 Fan-out to operators");
        var operators = new Operators(bench.Sender.Http, gateway.Address);
        // Not scaled: 500 operators at 500 messages/s is the scenario.
        const int count = 500;
        const double rate = 500;
        bench.Progress($"S3: creating {count} operators");
        var department = await operators.DefaultDepartmentAsync();
        var tokens = await operators.CreateAgentsAsync($"s3-{Guid.NewGuid():N}"[..11], count, department, capacity: 5);

        // The paced customers' chats are open before the streams connect, as on a busy day (and as in scenario 1):
        // what is timed is messages reaching operators. 400 chats opening within one second, each ringing 500
        // operators, is a surge of its own.
        const int customers = 400;
        var webhook = new Uri(gateway.Address, "/webhooks/whatsapp");
        var run = Guid.NewGuid().ToString("N")[..8];
        bench.Progress($"S3: opening {customers} customers' chats");
        await Parallel.ForAsync(0, customers, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
        {
            var body = WhatsApp.Body(Customer(i), 1, $"wamid.s3.{run}.open.{i}", "Hello, a question about my parcel.");
            await bench.Sender.PostAsync(webhook, body, WhatsApp.Sign(body), cancellationToken: ct);
        });
        await gateway.AnalyzeAsync();
        await bench.WaitForQuietAsync("S3");

        // The same paced load with no stream connected: what the streams cost at 500 messages/s.
        bench.Progress($"S3: {rate:F0} messages/s for {bench.Seconds.TotalSeconds:F0} s, no streams");
        Task<bool> Unmarked(string kind, long sequence)
        {
            var body = WhatsApp.Body(Customer(sequence % customers), 1, $"wamid.s3.{run}.{kind}.{sequence}", $"[{kind} {sequence}] Is my parcel on its way?");
            return bench.Sender.PostAsync(webhook, body, WhatsApp.Sign(body));
        }

        var alone = await Load.PacedAsync($"S3 ingest at {rate:F0}/s, no streams", rate, bench.Seconds, 1, 256,
            (sequence, _) => Unmarked("alone", sequence), warmUpSend: sequence => Unmarked("alone-warm-up", sequence));
        result.Runs.Add(alone);

        var total = (long)(rate * bench.Seconds.TotalSeconds);
        var dueAt = new long[total];
        var latencies = new Latencies();
        long delivered = 0;
        using var streams = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 4096 }) { Timeout = Timeout.InfiniteTimeSpan };
        using var stop = new CancellationTokenSource();
        var ready = new CountdownEvent(count);
        var readers = tokens.Select(token => Task.Run(() => ReadAsync(streams, gateway.Address, token, dueAt, latencies, seen => Interlocked.Add(ref delivered, seen), ready, stop.Token))).ToList();
        bench.Progress($"S3: connecting {count} event streams");
        if (!ready.Wait(TimeSpan.FromSeconds(60)))
        {
            throw new InvalidOperationException($"Only {count - ready.CurrentCount} of {count} event streams connected.");
        }

        bench.Progress($"S3: {rate:F0} messages/s for {bench.Seconds.TotalSeconds:F0} s to {count} operators");
        var paced = await Load.PacedAsync($"S3 ingest at {rate:F0}/s, {count} streams", rate, bench.Seconds, 1, 256, (sequence, due) =>
        {
            dueAt[sequence] = due;
            var body = WhatsApp.Body(Customer(sequence % customers), 1, $"wamid.s3.{run}.{sequence}", $"[bench {sequence}] Is my parcel on its way?");
            return bench.Sender.PostAsync(webhook, body, WhatsApp.Sign(body));
        }, warmUpSend: sequence => Unmarked("warm-up", sequence)); // reaching every operator too, without the marker the readers time
        result.Runs.Add(paced);
        // The target as the issue words it: scenario 1 at 500 messages/s, with the streams against without. A gateway the
        // fan-out slows down falls behind the pace (this run's senders stop at 256 in flight) and the ratio drops.
        result.Checks.Add(new Check(
            $"at {rate:F0} messages/s: ingest throughput with fan-out ÷ without ≥ 0.85", paced.SucceededPerSecond / alone.SucceededPerSecond, 0.85, AtLeast: true));
        await bench.WaitUntilAsync("S3: deliveries", TimeSpan.FromSeconds(30), () =>
            Task.FromResult((Interlocked.Read(ref delivered) >= paced.Requests * count, $"{Interlocked.Read(ref delivered)} of {paced.Requests * count}")));
        var expected = paced.Requests * count;
        result.Numbers["operators"] = count;
        result.Numbers["deliveries expected"] = expected;
        result.Numbers["deliveries seen"] = Interlocked.Read(ref delivered);
        result.Numbers["webhook→operator p50 ms"] = latencies.Percentile(0.50);
        result.Numbers["webhook→operator p99 ms"] = latencies.Percentile(0.99);
        result.Checks.Add(new Check("every operator saw every message (missing deliveries)", expected - Interlocked.Read(ref delivered), 0, AtLeast: false));
        result.Checks.Add(new Check("webhook→operator p99 ms ≤ 100", latencies.Percentile(0.99), 100, AtLeast: false));

        bench.Progress($"S3: ingest at full speed with {count} streams open (1/POST, {bench.Concurrency} senders)");
        var full = await Load.RunAsync($"S3 ingest, 1/POST, {count} streams", bench.Concurrency, bench.Seconds, 1, (worker, sequence, ct) =>
        {
            var body = WhatsApp.Body(Ingest.Customer(worker, sequence), 1, $"wamid.s3.{run}.full.{worker}.{sequence}");
            return bench.Sender.PostAsync(webhook, body, WhatsApp.Sign(body), cancellationToken: ct);
        }, gateway.AnalyzeAsync);
        result.Runs.Add(full);
        // Not a target: what 500 streams cost the gateway's ceiling on this machine, readers included (docs/benchmarks.md).
        result.Numbers["at full speed: requests/s with 500 streams ÷ scenario 1's without"] = full.RequestsPerSecond / withoutFanOut.RequestsPerSecond;
        await stop.CancelAsync();
        await Task.WhenAll(readers);
        return result;
    }

    /// <summary>One operator's stream: finds each bench message's marker in the raw bytes and records its latency.</summary>
    private static async Task ReadAsync(
        HttpClient http, Uri gateway, string token, long[] dueAt, Latencies latencies, Action<int> counted, CountdownEvent ready, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(gateway, "/api/v1/events"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            response.EnsureSuccessStatusCode();
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            var buffer = new byte[64 * 1024];
            // This read's latencies, added to the shared histogram together.
            var found = new List<double>();
            var kept = 0;
            var signalled = false;
            while (true)
            {
                var read = await stream.ReadAsync(buffer.AsMemory(kept), cancellationToken);
                if (read == 0)
                {
                    return;
                }

                var now = Stopwatch.GetTimestamp();
                if (!signalled)
                {
                    signalled = true;
                    ready.Signal();
                }

                var span = buffer.AsSpan(0, kept + read);
                var consumed = 0;
                var cutInNumber = false;
                while (true)
                {
                    var at = span[consumed..].IndexOf(s_marker);
                    if (at < 0)
                    {
                        break;
                    }

                    var digits = consumed + at + s_marker.Length;
                    if (!Utf8Parser.TryParse(span[digits..], out long sequence, out var length) || digits + length >= span.Length)
                    {
                        // The number runs past what has arrived: keep from the marker on.
                        consumed += at;
                        cutInNumber = true;
                        break;
                    }

                    if (sequence >= 0 && sequence < dueAt.Length && dueAt[sequence] != 0)
                    {
                        found.Add(Stopwatch.GetElapsedTime(dueAt[sequence], now).TotalMilliseconds);
                    }

                    consumed = digits + length;
                }

                if (found.Count > 0)
                {
                    latencies.AddMany(CollectionsMarshal.AsSpan(found));
                    counted(found.Count);
                    found.Clear();
                }

                // Keep the whole marker whose number was cut (trimming it to the marker's length used to drop its
                // first byte, and with it the delivery); otherwise the tail that could hold the start of a marker.
                var tailFrom = cutInNumber ? consumed : Math.Max(consumed, span.Length - s_marker.Length);
                kept = span.Length - tailFrom;
                span[tailFrom..].CopyTo(buffer);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
