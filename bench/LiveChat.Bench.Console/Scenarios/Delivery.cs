using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using LiveChat.Bench;
using Microsoft.Playwright;

namespace LiveChat.Bench.Console;

/// <summary>
/// A customer's message to its text on screen in <c>pages</c> open consoles: one agent per browser context, all with the
/// same queued chat open; the customer (signed WhatsApp webhooks) sends <c>messages</c> messages, one every
/// <c>interval</c>. Each page's MutationObserver notes when a message's marker first appears in the transcript (the
/// ARIA log) on the page's clock (performance.timeOrigin + now), which is moved onto the bench's wall clock by the offset
/// measured per page; the latency runs from the webhook POST being acknowledged to that moment.
/// </summary>
public static partial class Delivery
{
    private const string Scenario = "delivery";
    private const string Customer = "4911000000";

    private const string Observer = """
        () => {
          window.__lcSeen = {};
          window.__lcPainted = {};
          const note = (node, at) => {
            const element = node.nodeType === 1 ? node : node.parentElement;
            if (!element || !element.closest('[role=log]')) return;
            for (const m of (node.textContent || '').matchAll(/lcmark(\d+)x/g)) {
              if (!(m[1] in window.__lcSeen)) {
                window.__lcSeen[m[1]] = at;
                requestAnimationFrame(() => { window.__lcPainted[m[1]] = performance.timeOrigin + performance.now(); });
              }
            }
          };
          new MutationObserver(records => {
            const at = performance.timeOrigin + performance.now();
            for (const r of records) {
              if (r.type === 'characterData') note(r.target, at);
              else for (const n of r.addedNodes) note(n, at);
            }
          }).observe(document.body, { subtree: true, childList: true, characterData: true });
        }
        """;

    public static async Task RunAsync(Chromium chromium, Operators operators, HttpClient http, string department, Report report, int pageCount, int messages, TimeSpan interval)
    {
        var tokens = await operators.CreateAgentsAsync("console", pageCount, department, capacity: 5);
        await PostAsync(http, chromium.Gateway, WhatsApp.Body(Customer, 1, "wamid.console.open", "Hello, is anyone there? (bench)"));
        var chatId = await QueuedChatAsync(operators, http, tokens[0]);

        var pages = new IPage[pageCount];
        using var gate = new SemaphoreSlim(4);
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, pageCount).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                var page = await chromium.NewPageAsync();
                await chromium.SignInAsync(page, $"console-{i}@bench.test", Operators.AdminPassword);
                await page.GotoAsync(new Uri(chromium.Console, $"chats/{chatId}").ToString());
                await page.GetByRole(AriaRole.Log).GetByText("Hello, is anyone there?").WaitForAsync();
                await page.EvaluateAsync(Observer);
                pages[i] = page;
            }
            finally
            {
                gate.Release();
            }
        }));
        Progress($"{pageCount} consoles signed in with the chat open in {Stopwatch.GetElapsedTime(started).TotalSeconds:F0} s");

        var cdps = new ICDPSession[pageCount];
        for (var i = 0; i < pageCount; i++)
        {
            cdps[i] = await pages[i].Context.NewCDPSessionAsync(pages[i]);
            await cdps[i].SendAsync("Performance.enable");
        }

        var offsets = new (double Offset, double Uncertainty)[pageCount];
        for (var i = 0; i < pageCount; i++)
        {
            offsets[i] = await Chromium.ClockOffsetAsync(pages[i]);
        }

        report.Number(Scenario, "page clock offset, largest |ms|", offsets.Max(o => Math.Abs(o.Offset)));
        report.Number(Scenario, "page clock offset, worst uncertainty ms", offsets.Max(o => o.Uncertainty));

        // The gateway's share: the same messages on an event stream the bench reads itself (agent 0's), outside the browser.
        using var streamHttp = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        using var stop = new CancellationTokenSource();
        using var events = operators.Authorized(HttpMethod.Get, "/api/v1/events", tokens[0], null);
        using var stream = await streamHttp.SendAsync(events, HttpCompletionOption.ResponseHeadersRead);
        stream.EnsureSuccessStatusCode();
        var onStream = new System.Collections.Concurrent.ConcurrentDictionary<int, double>();
        var eventTypes = new System.Collections.Concurrent.ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var reading = ReadStreamAsync(stream, onStream, eventTypes, stop.Token);

        // What an open console costs doing nothing (its once-a-second tick), to tell the messages' own cost apart.
        var idleFrom = await Task.WhenAll(cdps.Select(Chromium.MainThreadCpuMsAsync));
        await Task.Delay(TimeSpan.FromSeconds(5));
        var idlePerSecond = (await Task.WhenAll(cdps.Select(Chromium.MainThreadCpuMsAsync))).Zip(idleFrom, (a, b) => (a - b) / 5).Order().ToList();
        report.Number(Scenario, "idle console: main-thread CPU ms per second, median", Report.Percentile(idlePerSecond, 0.5));

        var load = Report.LoadAverage();
        var sending = Stopwatch.GetTimestamp();
        var cpuBefore = await Task.WhenAll(cdps.Select(Chromium.MainThreadCpuMsAsync));
        var acknowledged = new double[messages];
        var posted = new double[messages];
        var post = new List<double>();
        for (var n = 0; n < messages; n++)
        {
            var due = Stopwatch.GetTimestamp();
            var body = WhatsApp.Body(Customer, 1, $"wamid.console.{n}", $"Bench message lcmark{n}x from the customer");
            posted[n] = Clock.NowMs();
            await PostAsync(http, chromium.Gateway, body);
            acknowledged[n] = Clock.NowMs();

            post.Add(acknowledged[n] - posted[n]);
            var rest = interval - Stopwatch.GetElapsedTime(due);
            if (rest > TimeSpan.Zero)
            {
                await Task.Delay(rest);
            }
        }

        // Every page should have all of them within seconds; wait at most a minute.
        var until = Stopwatch.GetTimestamp() + (60 * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < until)
        {
            var counts = await Task.WhenAll(pages.Select(p => p.EvaluateAsync<int>("() => Object.keys(window.__lcSeen).length")));
            if (counts.All(c => c >= messages))
            {
                break;
            }

            await Task.Delay(500);
        }

        var cpuAfter = await Task.WhenAll(cdps.Select(Chromium.MainThreadCpuMsAsync));
        await stop.CancelAsync();
        await reading;
        var busySeconds = Stopwatch.GetElapsedTime(sending).TotalSeconds;
        var idle = Report.Percentile(idlePerSecond, 0.5);
        var cpuPerMessage = cpuAfter.Zip(cpuBefore, (a, b) => (a - b) / messages).Order().ToList();
        report.Number(Scenario, "main-thread CPU per message per console less the idle tick, median ms", Report.Percentile(cpuPerMessage, 0.5) - (idle * busySeconds / messages));
        report.Number(Scenario, "main-thread CPU per message per console, median ms", Report.Percentile(cpuPerMessage, 0.5));
        report.Number(Scenario, "main-thread CPU per message per console, largest ms", cpuPerMessage[^1]);
        report.Number(Scenario, "events per message on the stream", (double)eventTypes.Values.Sum() / messages);
        report.Note($"events on agent 0's stream while sending: {string.Join(", ", eventTypes.OrderByDescending(e => e.Value).Select(e => $"{e.Key} {e.Value}"))}");
        var gatewayShare = onStream.Select(p => p.Value - acknowledged[p.Key]).Order().ToList();
        var latencies = new List<double>();
        var painted = new List<double>();
        var missing = 0;
        for (var i = 0; i < pageCount; i++)
        {
            var seen = await pages[i].EvaluateAsync<Dictionary<string, double>>("() => window.__lcSeen");
            var frames = await pages[i].EvaluateAsync<Dictionary<string, double>>("() => window.__lcPainted");
            for (var n = 0; n < messages; n++)
            {
                var key = n.ToString(System.Globalization.CultureInfo.InvariantCulture);
                if (!seen.TryGetValue(key, out var at))
                {
                    missing++;
                    continue;
                }

                latencies.Add(at - offsets[i].Offset - acknowledged[n]);
                if (frames.TryGetValue(key, out var frame))
                {
                    painted.Add(frame - offsets[i].Offset - acknowledged[n]);
                }
            }
        }

        latencies.Sort();
        painted.Sort();
        post.Sort();
        report.Number(Scenario, "load average (1 min) when sending", load);
        report.Number(Scenario, "messages × pages", messages * pageCount);
        report.Number(Scenario, "not seen", missing);
        report.Number(Scenario, "webhook POST p50 ms", Report.Percentile(post, 0.5));
        report.Number(Scenario, "webhook POST p99 ms", Report.Percentile(post, 0.99));
        foreach (var (name, q) in new[] { ("p50", 0.5), ("p95", 0.95), ("p99", 0.99), ("max", 1.0) })
        {
            report.Number(Scenario, $"ack → text in the DOM {name} ms", Report.Percentile(latencies, q));
        }

        report.Number(Scenario, "ack → the bench's own event stream p50 ms", Report.Percentile(gatewayShare, 0.5));
        report.Number(Scenario, "ack → the bench's own event stream p99 ms", Report.Percentile(gatewayShare, 0.99));
        report.Number(Scenario, "ack → next frame after the text p99 ms", Report.Percentile(painted, 0.99));
        report.AtMost(Scenario, $"ack → text on screen in {pageCount} consoles, p99 ms (≤ 500; every message seen)",
            missing > 0 ? double.PositiveInfinity : Report.Percentile(latencies, 0.99), 500);
        foreach (var page in pages)
        {
            await page.Context.CloseAsync();
        }
    }

    private static async Task ReadStreamAsync(HttpResponseMessage response, System.Collections.Concurrent.ConcurrentDictionary<int, double> seen,
        System.Collections.Concurrent.ConcurrentDictionary<string, int> types, CancellationToken cancellationToken)
    {
        try
        {
            using var lines = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
            while (await lines.ReadLineAsync(cancellationToken) is { } line)
            {
                var at = Clock.NowMs();
                if (line.StartsWith("event:", StringComparison.Ordinal))
                {
                    types.AddOrUpdate(line[6..].Trim(), 1, (_, n) => n + 1);
                }

                foreach (System.Text.RegularExpressions.Match m in Marker().Matches(line))
                {
                    seen.TryAdd(int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), at);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The run is over.
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"lcmark(\d+)x")]
    private static partial System.Text.RegularExpressions.Regex Marker();

    /// <summary>A signed WhatsApp notification, as Meta posts it; returns once the gateway acknowledged it (2xx).</summary>
    public static async Task PostAsync(HttpClient http, Uri gateway, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(gateway, "webhooks/whatsapp"))
        {
            Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Hub-Signature-256", WhatsApp.Sign(body));
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
    }

    private static async Task<string> QueuedChatAsync(Operators operators, HttpClient http, string token)
    {
        using var request = operators.Authorized(HttpMethod.Get, "/api/v1/chats?view=queued&limit=10", token, null);
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var chats = await response.Content.ReadFromJsonAsync<JsonElement>();
        return chats.EnumerateArray().First(c => c.GetProperty("visitor").GetProperty("name").GetString()!.Contains(Customer, StringComparison.Ordinal)).GetProperty("id").GetString()!;
    }

    private static void Progress(string text) => System.Console.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] {text}");
}
