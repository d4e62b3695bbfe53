using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using LiveChat.Bench;
using Microsoft.Playwright;

namespace LiveChat.Bench.Console;

/// <summary>
/// A list of <c>chats</c> queued chats, scrolled from top to bottom with the mouse wheel while a PerformanceObserver
/// records the main thread's long tasks (over 50 ms). The console loads at most 200 chats of a list when it starts
/// (the API's largest page), so the chats arrive while the console is open, as they would during a rush: the signed-in
/// page receives them live, and the long tasks of that arrival are reported too (not a target).
/// </summary>
public static partial class Scrolling
{
    private const string Scenario = "scrolling";

    private const string LongTasks = """
        () => {
          window.__lcLong = [];
          new PerformanceObserver(list => {
            for (const e of list.getEntries()) window.__lcLong.push({ start: e.startTime, duration: e.duration });
          }).observe({ type: 'longtask' });
        }
        """;

    public static async Task RunAsync(Chromium chromium, Operators operators, HttpClient http, string department, Report report, int chats, int perPost)
    {
        await operators.CreateAgentsAsync("scroll", 1, department, capacity: 5);
        var page = await chromium.NewPageAsync();
        await chromium.SignInAsync(page, "scroll-0@bench.test", Operators.AdminPassword);
        await page.EvaluateAsync(LongTasks);
        var queuedTab = page.GetByRole(AriaRole.Tab).Filter(new() { HasTextRegex = QueuedCount() });
        var before = await CountAsync(queuedTab);

        var arrival = await page.EvaluateAsync<double>("() => performance.now()");
        var started = Stopwatch.GetTimestamp();
        for (var sent = 0; sent < chats; sent += perPost)
        {
            var batch = Enumerable.Range(sent, Math.Min(perPost, chats - sent))
                .Select(i => new WhatsApp.Message((4920000000L + i).ToString(CultureInfo.InvariantCulture), $"wamid.scroll.{i}", $"Question number {i} about my order"));
            await Delivery.PostAsync(http, chromium.Gateway, WhatsApp.Batch(batch));
        }

        Progress($"{chats} chats sent in {Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s; waiting for the console's Queued count");
        var until = Stopwatch.GetTimestamp() + (600 * Stopwatch.Frequency);
        var shown = before;
        while (Stopwatch.GetTimestamp() < until && shown < before + chats)
        {
            await Task.Delay(1000);
            shown = await CountAsync(queuedTab);
        }

        var arrived = await page.EvaluateAsync<double>("() => performance.now()");
        report.Number(Scenario, "queued chats in the list", shown);
        report.Number(Scenario, "seconds until the console listed them all", (arrived - arrival) / 1000);
        var arrivalTasks = await TasksAsync(page, arrival, arrived);
        report.Number(Scenario, "while they arrived: long tasks", arrivalTasks.Count);
        report.Number(Scenario, "while they arrived: longest task ms", arrivalTasks.DefaultIfEmpty(0).Max());
        report.Number(Scenario, "while they arrived: main thread busy in long tasks %", 100 * arrivalTasks.Sum() / (arrived - arrival));

        await queuedTab.ClickAsync();
        var list = page.Locator(".lc-list[role=list]");
        var box = await list.BoundingBoxAsync() ?? throw new InvalidOperationException("The list is not on screen.");

        // Before scrolling, ten seconds doing nothing with the pointer away from the list, then ten with it over the
        // list (which holds the list's order): what the console does by itself, apart from what scrolling costs.
        await page.Mouse.MoveAsync(box.X + box.Width + 400, box.Y + 20);
        await IdleAsync(page, report, "idle, pointer elsewhere");
        await page.Mouse.MoveAsync(box.X + (box.Width / 2), box.Y + (box.Height / 2));
        await IdleAsync(page, report, "idle, pointer over the list");
        var load = Report.LoadAverage();
        var from = await page.EvaluateAsync<double>("() => performance.now()");
        var steps = 0;
        for (; steps < 2000; steps++)
        {
            await page.Mouse.WheelAsync(0, 240);
            await Task.Delay(16);
            if (steps % 20 == 19 && await page.EvaluateAsync<bool>("() => { const l = document.querySelector('.lc-list[role=list]'); return l.scrollTop + l.clientHeight >= l.scrollHeight - 2; }"))
            {
                break;
            }
        }

        await Task.Delay(500);
        var to = await page.EvaluateAsync<double>("() => performance.now()");
        var last = $"Question number {chats - 1} about my order";
        var reachedEnd = await page.GetByText(last).IsVisibleAsync();
        var tasks = await TasksAsync(page, from, to);
        report.Number(Scenario, "load average (1 min) when scrolling", load);
        report.Number(Scenario, "wheel steps of 240 px", steps + 1);
        report.Number(Scenario, "scroll seconds", (to - from) / 1000);
        report.Number(Scenario, "last chat visible at the end (1 = yes)", reachedEnd ? 1 : 0);
        report.Number(Scenario, "long tasks while scrolling", tasks.Count);
        report.AtMost(Scenario, $"longest main-thread task scrolling {shown} chats, ms (≤ 100)", tasks.DefaultIfEmpty(0).Max(), 100);
        await page.Context.CloseAsync();
    }

    private static async Task IdleAsync(IPage page, Report report, string phase)
    {
        var from = await page.EvaluateAsync<double>("() => performance.now()");
        await Task.Delay(TimeSpan.FromSeconds(10));
        var to = await page.EvaluateAsync<double>("() => performance.now()");
        var tasks = await TasksAsync(page, from, to);
        report.Number(Scenario, $"{phase}: long tasks in 10 s", tasks.Count);
        report.Number(Scenario, $"{phase}: longest task ms", tasks.DefaultIfEmpty(0).Max());
    }

    private static async Task<List<double>> TasksAsync(IPage page, double from, double to) =>
        [.. (await page.EvaluateAsync<LongTask[]>("() => window.__lcLong")).Where(t => t.Start >= from && t.Start < to).Select(t => t.Duration)];

    private static async Task<int> CountAsync(ILocator tab)
    {
        var text = await tab.TextContentAsync() ?? string.Empty;
        return int.Parse(QueuedCount().Match(text).Groups[1].Value, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"Queued\s*\((\d+)\)")]
    private static partial Regex QueuedCount();

    private static void Progress(string text) => System.Console.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] {text}");

    private sealed class LongTask
    {
        public double Start { get; init; }

        public double Duration { get; init; }
    }
}
