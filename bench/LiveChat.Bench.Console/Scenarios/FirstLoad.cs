using Microsoft.Playwright;

namespace LiveChat.Bench.Console;

/// <summary>
/// First load of the console (/console/, the sign-in page) in a fresh browser context: bytes on the wire (compressed,
/// Chromium's encodedDataLength over CDP) and time to interactive, then a repeat visit in a new tab of the same context
/// (HTTP cache). Interactive: the sign-in form's email field, which only Blazor renders, is in the page and enabled
/// (index.html shows "Loading the console…" until then), counted from the navigation's start (performance.timeOrigin).
/// </summary>
public static class FirstLoad
{
    private const string Scenario = "first load";

    private const string InteractiveProbe = """
        (() => {
          const mark = () => {
            const email = document.getElementById('signin-email');
            if (email && !email.disabled) { window.__lcInteractive = performance.now(); return true; }
            return false;
          };
          new MutationObserver((_, observer) => { if (mark()) observer.disconnect(); }).observe(document, { subtree: true, childList: true });
        })();
        """;

    public static async Task RunAsync(Chromium chromium, Report report, int visits)
    {
        var firsts = new List<Visit>();
        var repeats = new List<Visit>();
        for (var i = 0; i < visits; i++)
        {
            var page = await chromium.NewPageAsync();
            await page.Context.AddInitScriptAsync(InteractiveProbe);
            var first = await VisitAsync(chromium, page);
            var repeat = await VisitAsync(chromium, await page.Context.NewPageAsync(), profile: i == 0 && Environment.GetEnvironmentVariable("LIVECHAT_BENCH_PROFILE") == "1");
            System.Console.WriteLine($"  visit {i + 1}: first {first}; repeat {repeat}");
            firsts.Add(first);
            repeats.Add(repeat);
            await page.Context.CloseAsync();
        }

        var median = firsts.OrderBy(v => v.InteractiveMs).ElementAt(firsts.Count / 2);
        report.Number(Scenario, "first visit: requests", median.Requests);
        report.Number(Scenario, "first visit: KB transferred until interactive", median.BytesAtInteractive / 1024.0);
        foreach (var (v, i) in firsts.Select((v, i) => (v, i)))
        {
            report.Number(Scenario, $"first visit {i + 1}: interactive ms", v.InteractiveMs);
            report.Number(Scenario, $"repeat visit {i + 1}: interactive ms", repeats[i].InteractiveMs);
            report.Number(Scenario, $"repeat visit {i + 1}: KB transferred", repeats[i].Bytes / 1024.0);
            report.Number(Scenario, $"first visit {i + 1}: main-thread CPU ms until interactive", v.MainThreadCpuMs);
            report.Number(Scenario, $"repeat visit {i + 1}: main-thread CPU ms until interactive", repeats[i].MainThreadCpuMs);
        }

        report.AtMost(Scenario, "first visit: MB transferred (compressed), ≤ 3", firsts.Max(v => v.Bytes) / 1024.0 / 1024.0, 3);
        report.AtMost(Scenario, $"first visit: interactive, median of {visits} (s), ≤ 3", firsts.Select(v => v.InteractiveMs).Order().ElementAt(visits / 2) / 1000, 3);
        report.AtMost(Scenario, $"repeat visit: interactive, median of {visits} (s), ≤ 1", repeats.Select(v => v.InteractiveMs).Order().ElementAt(visits / 2) / 1000, 1);
    }

    private static async Task<Visit> VisitAsync(Chromium chromium, IPage page, bool profile = false)
    {
        var cdp = await page.Context.NewCDPSessionAsync(page);
        var urls = new System.Collections.Concurrent.ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        var sizes = new System.Collections.Concurrent.ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        long bytes = 0;
        var requests = 0;
        var cached = 0;
        cdp.Event("Network.loadingFinished").OnEvent += (_, e) =>
        {
            if (e is { } data && data.TryGetProperty("encodedDataLength", out var length))
            {
                Interlocked.Add(ref bytes, (long)length.GetDouble());
                sizes[data.GetProperty("requestId").GetString()!] = (long)length.GetDouble();
            }
        };
        cdp.Event("Network.requestWillBeSent").OnEvent += (_, e) =>
        {
            Interlocked.Increment(ref requests);
            if (e is { } data)
            {
                urls[data.GetProperty("requestId").GetString()!] = data.GetProperty("request").GetProperty("url").GetString()!;
            }
        };
        var encodings = new System.Collections.Concurrent.ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        cdp.Event("Network.responseReceived").OnEvent += (_, e) =>
        {
            if (e is { } data && data.GetProperty("response").GetProperty("headers") is var headers)
            {
                var encoding = headers.EnumerateObject().FirstOrDefault(h => h.Name.Equals("content-encoding", StringComparison.OrdinalIgnoreCase)).Value;
                encodings.AddOrUpdate(encoding.ValueKind == System.Text.Json.JsonValueKind.String ? encoding.GetString()! : "none", 1, (_, n) => n + 1);
            }
        };
        cdp.Event("Network.requestServedFromCache").OnEvent += (_, _) => Interlocked.Increment(ref cached);
        await cdp.SendAsync("Network.enable");
        await cdp.SendAsync("Performance.enable");
        if (profile)
        {
            await cdp.SendAsync("Profiler.enable");
            await cdp.SendAsync("Profiler.setSamplingInterval", new Dictionary<string, object> { ["interval"] = 200 });
            await cdp.SendAsync("Profiler.start");
        }

        await page.GotoAsync(chromium.Console.ToString(), new PageGotoOptions { WaitUntil = WaitUntilState.Commit });
        await page.WaitForFunctionAsync("() => window.__lcInteractive !== undefined", null, new PageWaitForFunctionOptions { PollingInterval = 20 });
        var atInteractive = Interlocked.Read(ref bytes);
        var interactive = await page.EvaluateAsync<double>("() => window.__lcInteractive");
        // The main thread's CPU time until now (Chromium's ThreadTime): what the load of a shared machine does not inflate.
        var cpu = await Chromium.MainThreadCpuMsAsync(cdp);
        if (profile && await cdp.SendAsync("Profiler.stop") is { } stopped)
        {
            PrintProfile(stopped.GetProperty("profile"));
        }

        var networkDone = await page.EvaluateAsync<double>("() => Math.max(0, ...performance.getEntriesByType('resource').map(r => r.responseEnd))");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await cdp.DetachAsync();
        var largest = sizes.OrderByDescending(s => s.Value).Take(6).Select(s => $"{Path.GetFileName(new Uri(urls.GetValueOrDefault(s.Key, "http://x/?")).AbsolutePath)} {s.Value / 1024.0:F0} KB");
        System.Console.WriteLine($"    largest: {string.Join(", ", largest)}; responses by content-encoding: {string.Join(", ", encodings.Select(e => $"{e.Key} {e.Value}"))}");
        return new Visit(interactive, Interlocked.Read(ref bytes), atInteractive, requests, cached, cpu, networkDone);
    }

    /// <summary>LIVECHAT_BENCH_PROFILE=1: where the first repeat visit's main thread spent its samples, by script and function.</summary>
    private static void PrintProfile(System.Text.Json.JsonElement profile)
    {
        var nodes = profile.GetProperty("nodes").EnumerateArray().ToDictionary(n => n.GetProperty("id").GetInt32(), n =>
        {
            var frame = n.GetProperty("callFrame");
            var url = frame.GetProperty("url").GetString() is { Length: > 0 } u ? Path.GetFileName(new Uri(u).AbsolutePath) : "";
            return $"{url} {frame.GetProperty("functionName").GetString()}".Trim();
        });
        var samples = profile.GetProperty("samples").EnumerateArray().Select(s => nodes[s.GetInt32()]).ToList();
        var byScript = samples.GroupBy(s => s.Split(' ')[0]).OrderByDescending(g => g.Count()).Take(8).Select(g => $"{g.Key} {100.0 * g.Count() / samples.Count:F0}%");
        var byFunction = samples.GroupBy(s => s).OrderByDescending(g => g.Count()).Take(12).Select(g => $"{g.Key} {100.0 * g.Count() / samples.Count:F0}%");
        System.Console.WriteLine($"    profile, {samples.Count} samples; by script: {string.Join(", ", byScript)}");
        System.Console.WriteLine($"    by function: {string.Join("; ", byFunction)}");
    }

    private sealed record Visit(double InteractiveMs, long Bytes, long BytesAtInteractive, int Requests, int FromCache, double MainThreadCpuMs, double NetworkDoneMs)
    {
        public override string ToString() => $"interactive {InteractiveMs:F0} ms (main thread CPU {MainThreadCpuMs:F0} ms, last response at {NetworkDoneMs:F0} ms), {Bytes / 1024.0:F0} KB ({BytesAtInteractive / 1024.0:F0} KB until interactive), {Requests} requests, {FromCache} from memory cache";
    }
}
