using Microsoft.Playwright;

namespace LiveChat.Bench.Console;

/// <summary>Debian's chromium, headless, with the flags the browser tests use; one context per operator.</summary>
public sealed class Chromium(IPlaywright playwright, IBrowser browser, Uri gateway) : IAsyncDisposable
{
    public Uri Gateway { get; } = gateway;

    public Uri Console => new(Gateway, "console/");

    public string Version => browser.Version;

    public static async Task<Chromium> LaunchAsync(Uri gateway)
    {
        if (!File.Exists("/usr/bin/chromium"))
        {
            throw new InvalidOperationException("Install Debian's chromium (apt-get install chromium).");
        }

        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                // 20 pages in one browser: none of them may be throttled as a background tab would be.
                "--disable-background-timer-throttling", "--disable-renderer-backgrounding", "--disable-backgrounding-occluded-windows"],
        });
        return new Chromium(playwright, browser, gateway);
    }

    /// <summary>A new context (its own storage and cache) with one blank page.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 860 } });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(120_000);
        // A page's errors go to the bench's output: a console that failed must not pass for a slow one.
        page.PageError += (_, error) => System.Console.WriteLine($"  page error: {error}");
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource", StringComparison.Ordinal))
            {
                System.Console.WriteLine($"  page console: {message.Text}");
            }
        };
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                System.Console.WriteLine($"  page got {response.Status} for {response.Request.Method} {response.Url}");
            }
        };
        return page;
    }

    /// <summary>Signs in through the console's form and waits until the workspace is live.</summary>
    public async Task SignInAsync(IPage page, string email, string password)
    {
        await page.GotoAsync(Console.ToString());
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Chats" }).WaitForAsync();
        await page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Live" }).WaitForAsync();
    }

    /// <summary>
    /// How far the page's clock (performance.timeOrigin + performance.now()) is ahead of this process's wall clock, in ms:
    /// the reading with the shortest round trip of ten, against the middle of that round trip. Both clocks are this machine's.
    /// </summary>
    public static async Task<(double Offset, double Uncertainty)> ClockOffsetAsync(IPage page)
    {
        var best = (Offset: 0.0, Uncertainty: double.MaxValue);
        for (var i = 0; i < 10; i++)
        {
            var before = Clock.NowMs();
            var inPage = await page.EvaluateAsync<double>("() => performance.timeOrigin + performance.now()");
            var after = Clock.NowMs();
            if ((after - before) / 2 < best.Uncertainty)
            {
                best = (inPage - ((before + after) / 2), (after - before) / 2);
            }
        }

        return best;
    }

    /// <summary>
    /// The page's main-thread CPU time so far (Chromium's ThreadTime; needs Performance.enable), in ms: what a page
    /// costs, which the load of a shared machine does not inflate as it does wall-clock times.
    /// </summary>
    public static async Task<double> MainThreadCpuMsAsync(ICDPSession cdp)
    {
        var metrics = await cdp.SendAsync("Performance.getMetrics");
        return metrics?.GetProperty("metrics").EnumerateArray().Where(m => m.GetProperty("name").GetString() is "ThreadTime")
            .Select(m => m.GetProperty("value").GetDouble() * 1000).FirstOrDefault() ?? 0;
    }

    public async ValueTask DisposeAsync()
    {
        await browser.DisposeAsync();
        playwright.Dispose();
    }
}

public static class Clock
{
    /// <summary>This machine's wall clock in milliseconds since 1970, as the pages' performance.timeOrigin counts.</summary>
    public static double NowMs() => (DateTime.UtcNow - DateTime.UnixEpoch).TotalMilliseconds;
}
