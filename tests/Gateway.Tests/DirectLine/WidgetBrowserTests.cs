using Microsoft.Playwright;

namespace LiveChat.Gateway.Tests.DirectLine;

/// <summary>
/// UsesChromium: the widget in headless Chromium (Debian's chromium; test.sh installs it when it sees this word) embedded
/// in a page of another origin: pre-chat form, message, queued chat, operator reply, escaping. Saves widget.png.
/// </summary>
public sealed class WidgetBrowserTests(DirectLineFixture fixture) : IClassFixture<DirectLineFixture>
{
    [Fact]
    public async Task VisitorChatsThroughTheEmbeddedWidgetAndSeesTheOperatorsReplyAsText()
    {
        Assert.True(File.Exists("/usr/bin/chromium"), "Install Debian's chromium (test.sh does when a test says UsesChromium).");
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 900, Height = 700 } });
        page.SetDefaultTimeout(15_000);
        var gateway = fixture.App.BaseAddress.ToString().TrimEnd('/');
        // The shop is another origin (another port) on loopback: Chromium blocks public pages from loading loopback resources.
        await using var shop = await StubServer.StartAsync();
        shop.On("GET /cart", new StubResponse
        {
            ContentType = "text/html",
            Body = $"""
                <!doctype html><html lang="en"><head><title>Cart - Shop</title></head>
                <body><h1>Your cart</h1><script src="{gateway}/widget.js" data-title="Help"></script></body></html>
                """,
        });
        var site = shop.BaseUri.ToString().TrimEnd('/');
        await page.GotoAsync($"{site}/cart");

        await page.GetByRole(AriaRole.Button, new() { Name = "Open chat: Help" }).ClickAsync();
        await page.GetByLabel("Your name").FillAsync("Grace Hopper");
        await page.GetByLabel("Email").FillAsync("grace@example.test");
        await page.GetByLabel("How can we help?").FillAsync("Is the compiler in stock?");
        await page.GetByLabel("How can we help?").PressAsync("Tab");
        await page.Keyboard.PressAsync("Enter");
        await page.Locator(".msg.mine:not(.pending)").Filter(new() { HasText = "Is the compiler in stock?" }).WaitForAsync();

        var conversationId = await page.EvaluateAsync<string>("() => JSON.parse(sessionStorage.getItem('livechat.directline')).conversationId");
        var admin = await fixture.App.AdminAsync();
        var chatId = await fixture.ChatIdAsync(conversationId);
        var queued = await admin.Http.GetFromJsonAsync<JsonElement>("/api/v1/chats?view=queued&channel=webchat");
        Assert.Contains(queued.EnumerateArray(), c => c.GetProperty("id").GetString() == chatId && c.GetProperty("question").GetString() == "Is the compiler in stock?");
        var visitor = (await admin.Http.GetFromJsonAsync<JsonElement>($"/api/v1/chats/{chatId}")).GetProperty("visitor");
        Assert.Equal("Grace Hopper", visitor.GetProperty("name").GetString());
        Assert.Equal($"{site}/cart", visitor.GetProperty("page").GetString());
        Assert.StartsWith("Chrome", visitor.GetProperty("browser").GetString(), StringComparison.Ordinal);
        var profile = await admin.Http.GetFromJsonAsync<JsonElement>($"/api/v1/visitors/{visitor.GetProperty("id").GetString()}");
        Assert.Equal("Cart - Shop", profile.GetProperty("pageTitle").GetString());
        Assert.Equal("grace@example.test", profile.GetProperty("email").GetString());

        const string Reply = "Yes! <img src=x onerror=\"document.title='pwned'\"> ships today";
        await fixture.ReplyAsOperatorAsync(conversationId, Reply);
        var shown = page.Locator(".msg.theirs .text").Filter(new() { HasText = "ships today" });
        await shown.WaitForAsync();

        Assert.Equal(Reply, await shown.TextContentAsync());
        Assert.Equal(0, await page.Locator(".log img").CountAsync());
        Assert.Equal("Cart - Shop", await page.TitleAsync());
        await page.GetByLabel("Message").FillAsync("Thanks!");
        await page.GetByLabel("Message").PressAsync("Enter");
        await page.Locator(".msg.mine:not(.pending)").Filter(new() { HasText = "Thanks!" }).WaitForAsync();
        var artifacts = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "artifacts"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(artifacts.FullName, "widget.png") });
    }
}
