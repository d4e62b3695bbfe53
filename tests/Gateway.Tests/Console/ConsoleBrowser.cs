using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace LiveChat.Gateway.Tests.OperatorConsole;

/// <summary>
/// UsesChromium: headless Chromium (Debian's) with one page per signed-in operator on the gateway's console. Screenshots
/// go to the test run's artifacts folder and, when LIVECHAT_DOCS_SCREENSHOTS names a folder, there too (docs/images).
/// </summary>
public sealed class ConsoleBrowser : IAsyncDisposable
{
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    public Uri Gateway { get; private init; } = null!;

    /// <summary>What the pages wrote to their consoles, for a failing test's message.</summary>
    public List<string> Log { get; } = [];

    public List<IPage> Pages { get; } = [];

    public static async Task<ConsoleBrowser> StartAsync(GatewayApp app)
    {
        // A machine shared with other builds: the console boots in a few seconds, not always in Playwright's default five.
        Assertions.SetDefaultExpectTimeout(15_000);
        var started = new ConsoleBrowser { Gateway = app.BaseAddress, _playwright = await Playwright.CreateAsync() };
        started._browser = await HeadlessChromium.LaunchAsync(started._playwright);
        return started;
    }

    /// <summary>A new browser context (its own storage) on the console's sign-in page.</summary>
    public async Task<IPage> NewPageAsync(int width = 1400, int height = 860)
    {
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        await context.GrantPermissionsAsync(["notifications"], new BrowserContextGrantPermissionsOptions { Origin = Gateway.ToString().TrimEnd('/') });
        var page = await context.NewPageAsync();
        Pages.Add(page);
        page.SetDefaultTimeout(20_000);
        page.Console += (_, message) => Log.Add($"{message.Type}: {message.Text}");
        page.PageError += (_, error) => Log.Add($"page error: {error}");
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                Log.Add($"{response.Status} {response.Request.Method} {response.Url}");
            }
        };
        return page;
    }

    /// <summary>Signs in through the console's own form and waits for the workspace.</summary>
    public async Task<IPage> SignInAsync(string email, string password, IPage? page = null)
    {
        page ??= await NewPageAsync();
        await page.GotoAsync(new Uri(Gateway, "console/").ToString());
        // The first visit downloads and starts the WebAssembly app: slow while other builds share the machine.
        await page.GetByLabel("Email").WaitForAsync(new() { Timeout = 60_000 });
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Chats" }).WaitForAsync();
        await page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Live" }).WaitForAsync();
        return page;
    }

    /// <summary>Online through the header, waiting until the gateway has confirmed it (new chats ring from then on).</summary>
    public static async Task GoOnlineAsync(IPage page)
    {
        await page.GetByLabel("My status").SelectOptionAsync("online");
        await page.GetByText("You are online").WaitForAsync();
    }

    public static async Task ScreenshotAsync(IPage page, string name)
    {
        var artifacts = HeadlessChromium.Artifacts();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(artifacts, name) });
        if (Environment.GetEnvironmentVariable("LIVECHAT_DOCS_SCREENSHOTS") is { Length: > 0 } docs)
        {
            File.Copy(Path.Combine(artifacts, name), Path.Combine(Directory.CreateDirectory(docs).FullName, name), overwrite: true);
        }
    }

    /// <summary>axe-core finds no serious or critical violation on the page as it is now.</summary>
    public static async Task AssertAccessibleAsync(IPage page, string screen)
    {
        await SupervisorScreens.SettledAsync(page);
        var result = await page.RunAxe();
        var bad = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(bad.Count == 0, $"{screen}: " + string.Join("; ", bad.Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Html).Take(3))}")));
    }

    public async ValueTask DisposeAsync()
    {
        if (Environment.GetEnvironmentVariable("LIVECHAT_CONSOLE_DEBUG") is { Length: > 0 } debug)
        {
            var at = Directory.CreateDirectory(Path.Combine(debug, Guid.NewGuid().ToString("N")[..8])).FullName;
            for (var i = 0; i < Pages.Count; i++)
            {
                await Pages[i].ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(at, $"page{i}.png") });
            }

            await File.WriteAllLinesAsync(Path.Combine(at, "log.txt"), Log);
        }

        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
