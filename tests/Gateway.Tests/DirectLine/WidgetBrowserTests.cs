using LiveChat.Gateway.Tests.Bots;
using Microsoft.Playwright;

namespace LiveChat.Gateway.Tests.DirectLine;

/// <summary>
/// The Direct Line gateway of <see cref="DirectLineFixture"/> plus a stub bot that fronts the department
/// <see cref="BotDepartment"/>: widgets embedded with that data-department start their chats with the bot.
/// </summary>
public sealed class WidgetFixture : DirectLineFixture
{
    public const string BotDepartment = "dep_widget_bot";
    public const string BotSecret = "widget-bot-secret-0123456789-0123456789";

    public StubServer Bot { get; private set; } = null!;

    protected override IDictionary<string, string?> Settings
    {
        get
        {
            var settings = base.Settings;
            settings["Bots:Helper:Endpoint"] = new Uri(Bot.BaseUri, "api/messages").ToString();
            settings["Bots:Helper:Secret"] = BotSecret;
            settings["Bots:Helper:DepartmentId"] = BotDepartment;
            return settings;
        }
    }

    public override async Task InitializeAsync()
    {
        Bot = await StubServer.StartAsync();
        Bot.On("POST /api/messages", StubResponse.WithStatus(HttpStatusCode.OK));
        await base.InitializeAsync();
        await using var connection = await Database.OpenAsync();
        await connection.ExecuteAsync(
            "INSERT INTO departments (id, name, is_default, created_at) VALUES (@BotDepartment, 'Bot desk', false, now())", new { BotDepartment });
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Bot.DisposeAsync();
    }
}

/// <summary>
/// UsesChromium: the widget in headless Chromium (Debian's chromium; test.sh installs it when it sees this word) embedded
/// in a page of another origin: pre-chat form, message, queued chat, operator reply, escaping; and a chat fronted by a
/// bot, whose "Talk to a human" button queues it. Saves widget.png, widget-bot.png and widget-bot-queued.png.
/// </summary>
public sealed class WidgetBrowserTests(WidgetFixture fixture) : IClassFixture<WidgetFixture>
{
    [Fact]
    public async Task VisitorChatsThroughTheEmbeddedWidgetAndSeesTheOperatorsReplyAsText()
    {
        await using var browser = await ShopBrowser.OpenAsync(fixture, string.Empty);
        var page = browser.Page;
        var site = browser.Site;

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
        Assert.False(await page.GetByRole(AriaRole.Button, new() { Name = "Talk to a human" }).IsVisibleAsync());
        Assert.Equal(0, await page.Locator(".log img").CountAsync());
        Assert.Equal("Cart - Shop", await page.TitleAsync());
        await page.GetByLabel("Message").FillAsync("Thanks!");
        await page.GetByLabel("Message").PressAsync("Enter");
        await page.Locator(".msg.mine:not(.pending)").Filter(new() { HasText = "Thanks!" }).WaitForAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(HeadlessChromium.Artifacts(), "widget.png") });
    }

    [Fact]
    public async Task AVisitorTalkingToABotAsksForAHumanWithTheButtonAndIsQueued()
    {
        await using var browser = await ShopBrowser.OpenAsync(fixture, $"data-department=\"{WidgetFixture.BotDepartment}\"");
        var page = browser.Page;
        await page.GetByRole(AriaRole.Button, new() { Name = "Open chat: Help" }).ClickAsync();
        await page.GetByLabel("Your name").FillAsync("Alan Turing");
        await page.GetByLabel("How can we help?").FillAsync("My order never came");
        await page.GetByRole(AriaRole.Button, new() { Name = "Start chat" }).ClickAsync();
        var human = page.GetByRole(AriaRole.Button, new() { Name = "Talk to a human" });
        await human.WaitForAsync();
        var conversationId = await page.EvaluateAsync<string>("() => JSON.parse(sessionStorage.getItem('livechat.directline')).conversationId");
        var chatId = await fixture.ChatIdAsync(conversationId);
        var bot = fixture.App.BotClient("Helper", WidgetFixture.BotSecret);
        var greeting = await bot.PostAsJsonAsync($"/v3/conversations/{chatId}/activities", new { type = "message", text = "Hi, I am a bot." });
        var greetingId = (await greeting.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        await page.Locator(".msg.theirs .text").Filter(new() { HasText = "Hi, I am a bot." }).WaitForAsync();
        (await bot.PutAsJsonAsync($"/v3/conversations/{chatId}/activities/{greetingId}", new { type = "message", text = "Hi, I am the shop's <i>bot</i>." })).EnsureSuccessStatusCode();
        await page.Locator(".msg.theirs .text").Filter(new() { HasText = "Hi, I am the shop's <i>bot</i>." }).WaitForAsync();

        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(HeadlessChromium.Artifacts(), "widget-bot.png") });
        await human.FocusAsync();
        await page.Keyboard.PressAsync("Enter");

        var notice = page.Locator(".msg.theirs .text").Filter(new() { HasText = "in the queue. Estimated wait:" });
        await notice.WaitForAsync();
        await human.WaitForAsync(new() { State = WaitForSelectorState.Hidden });
        Assert.StartsWith("You are next in the queue.", await notice.TextContentAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator(".msg").Filter(new() { HasText = "Hi, I am a bot." }).CountAsync());
        Assert.Equal(0, await page.Locator(".msg").Filter(new() { HasText = "From bot" }).CountAsync());
        var admin = await fixture.App.AdminAsync();
        var chat = await admin.Http.GetFromJsonAsync<JsonElement>($"/api/v1/chats/{chatId}");
        Assert.Equal("queued", chat.GetProperty("state").GetString());
        Assert.Equal(WidgetFixture.BotDepartment, chat.GetProperty("departmentId").GetString());
        await page.GetByLabel("Message").FillAsync("Thanks, I will wait");
        await page.GetByLabel("Message").PressAsync("Enter");
        await page.Locator(".msg.mine:not(.pending)").Filter(new() { HasText = "Thanks, I will wait" }).WaitForAsync();
        var toBot = fixture.Bot.RequestsTo("POST /api/messages").Select(r => r.Json())
            .Where(a => a.GetProperty("conversation").GetProperty("id").GetString() == chatId).ToList();
        Assert.Equal(["conversationUpdate", "message"], toBot.Select(a => a.GetProperty("type").GetString()));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(HeadlessChromium.Artifacts(), "widget-bot-queued.png") });
    }

    /// <summary>Headless Chromium on a shop page (another origin, on loopback) that embeds widget.js with the given attributes.</summary>
    private sealed class ShopBrowser : IAsyncDisposable
    {
        private HeadlessChromium _chromium = null!;
        private StubServer _shop = null!;

        public IPage Page { get; private set; } = null!;

        public string Site { get; private set; } = null!;

        public static async Task<ShopBrowser> OpenAsync(DirectLineFixture fixture, string attributes)
        {
            var opened = new ShopBrowser { _chromium = await HeadlessChromium.OpenAsync(900, 700) };
            opened.Page = opened._chromium.Page;
            opened.Page.SetDefaultTimeout(15_000);
            var gateway = fixture.App.BaseAddress.ToString().TrimEnd('/');
            // The shop is another origin (another port) on loopback: Chromium blocks public pages from loading loopback resources.
            opened._shop = await StubServer.StartAsync();
            opened._shop.On("GET /cart", new StubResponse
            {
                ContentType = "text/html",
                Body = $"""
                    <!doctype html><html lang="en"><head><title>Cart - Shop</title></head>
                    <body><h1>Your cart</h1><script src="{gateway}/widget.js" data-title="Help" {attributes}></script></body></html>
                    """,
            });
            opened.Site = opened._shop.BaseUri.ToString().TrimEnd('/');
            await opened.Page.GotoAsync($"{opened.Site}/cart");
            return opened;
        }

        public async ValueTask DisposeAsync()
        {
            await _chromium.DisposeAsync();
            await _shop.DisposeAsync();
        }
    }
}
