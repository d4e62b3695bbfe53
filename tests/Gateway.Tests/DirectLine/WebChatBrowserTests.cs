using LiveChat.Gateway.Tests.Bots;
using Microsoft.Playwright;

namespace LiveChat.Gateway.Tests.DirectLine;

/// <summary>
/// UsesChromium: Microsoft's own Web Chat (the unmodified botframework-webchat bundle from tests/interop/node_modules) in
/// headless Chromium, on a page of another origin that gets its token from POST /widget/token: docs/examples/webchat.html,
/// the page docs/widget.md ("Embed Microsoft Web Chat instead of our widget") shows. No request is intercepted: the CORS
/// preflights, the WebSocket and the upload are the browser's own. Saves webchat.png and webchat-bot.png.
/// </summary>
public sealed class WebChatBrowserTests(WidgetFixture fixture) : IClassFixture<WidgetFixture>
{
    [Fact]
    public async Task WebChatOnAnotherOriginTalksToAnOperatorUploadsAFileAndResumesAfterAReload()
    {
        await using var shop = await WebChatShop.OpenAsync(fixture, department: null);
        var page = shop.Page;
        await page.GetByPlaceholder("Type your message").FillAsync("Is the blue one in stock?");
        await page.GetByPlaceholder("Type your message").PressAsync("Enter");
        await Mine(page, "Is the blue one in stock?").WaitForAsync();

        var conversationId = await shop.SavedAsync("conversationId");
        var chatId = await fixture.ReplyAsOperatorAsync(conversationId, "Let me check the warehouse.");
        var reply = Theirs(page, "Let me check the warehouse.");
        await reply.WaitForAsync();
        Assert.Equal(0, await Mine(page, "Let me check the warehouse.").CountAsync());

        // The operator types: Web Chat shows its typing indicator (it was absent before).
        var typing = page.Locator(".webchat__typing-indicator");
        Assert.Equal(0, await typing.CountAsync());
        var admin = await fixture.App.AdminAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await admin.Http.PostAsync($"/api/v1/chats/{chatId}/typing", null)).StatusCode);
        await typing.WaitForAsync();

        // An upload (attached, then sent with Enter, as Web Chat 4.18 does by default) is drawn on the customer's side once the gateway's echo has replaced Web Chat's own copy.
        await page.Locator("input.webchat__upload-button--file-input").SetInputFilesAsync(new FilePayload
        {
            Name = "receipt.txt",
            MimeType = "text/plain",
            Buffer = "order 1234, paid"u8.ToArray(),
        });
        await page.GetByPlaceholder("Type your message").PressAsync("Enter");
        await Eventually.Until("the attachment receipt.txt in the transcript", async () =>
        {
            var messages = await admin.Http.GetFromJsonAsync<JsonElement>($"/api/v1/chats/{chatId}/messages");
            return messages.EnumerateArray().Any(m => m.ToString().Contains("receipt.txt", StringComparison.Ordinal));
        });
        await fixture.ReplyAsOperatorAsync(conversationId, "Got your receipt.");
        await Theirs(page, "Got your receipt.").WaitForAsync();
        await Mine(page, "receipt.txt").WaitForAsync();
        Assert.Equal(0, await Theirs(page, "receipt.txt").CountAsync());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(HeadlessChromium.Artifacts(), "webchat.png") });

        // Away from the page, the operator writes; back on it, Web Chat resumes from its watermark: only what is new.
        var watermark = await shop.SavedAsync("watermark");
        Assert.False(string.IsNullOrEmpty(watermark));
        await page.GotoAsync("about:blank");
        await fixture.ReplyAsOperatorAsync(conversationId, "It is in stock again.");
        await page.GotoAsync(shop.Url);
        await Theirs(page, "It is in stock again.").WaitForAsync();
        Assert.Equal(0, await page.Locator(".webchat__bubble").Filter(new() { HasText = "Let me check the warehouse." }).CountAsync());
        Assert.Equal(conversationId, await shop.SavedAsync("conversationId"));
        await page.GetByPlaceholder("Type your message").FillAsync("Great, I will order it");
        await page.GetByPlaceholder("Type your message").PressAsync("Enter");
        await Eventually.Until("'Great, I will order it' in the transcript", async () =>
        {
            var messages = await admin.Http.GetFromJsonAsync<JsonElement>($"/api/v1/chats/{chatId}/messages");
            return messages.EnumerateArray().Any(m => m.ToString().Contains("Great, I will order it", StringComparison.Ordinal));
        });
        await Mine(page, "Great, I will order it").WaitForAsync();
    }

    [Fact]
    public async Task WebChatShowsTheBotTypingAndItsAnswer()
    {
        await using var shop = await WebChatShop.OpenAsync(fixture, WidgetFixture.BotDepartment);
        var page = shop.Page;
        await page.GetByPlaceholder("Type your message").FillAsync("Where is my parcel?");
        await page.GetByPlaceholder("Type your message").PressAsync("Enter");
        await Mine(page, "Where is my parcel?").WaitForAsync();
        var chatId = await fixture.ChatIdAsync(await shop.SavedAsync("conversationId"));
        await fixture.Bot.WaitForAsync("POST /api/messages", 2);

        var typing = page.Locator(".webchat__typing-indicator");
        Assert.Equal(0, await typing.CountAsync());
        var bot = fixture.App.BotClient("Helper", WidgetFixture.BotSecret);
        (await bot.PostAsJsonAsync($"/v3/conversations/{chatId}/activities", new { type = "typing" })).EnsureSuccessStatusCode();
        await typing.WaitForAsync();
        (await bot.PostAsJsonAsync($"/v3/conversations/{chatId}/activities", new { type = "message", text = "It left the depot this morning." })).EnsureSuccessStatusCode();
        await Theirs(page, "It left the depot this morning.").WaitForAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(HeadlessChromium.Artifacts(), "webchat-bot.png") });
    }

    /// <summary>A bubble Web Chat draws on the customer's side (right).</summary>
    private static ILocator Mine(IPage page, string text) =>
        page.Locator(".webchat__bubble.webchat__bubble--from-user").Filter(new() { HasText = text });

    /// <summary>A bubble Web Chat draws on the other side (left): the bot, an operator, the gateway.</summary>
    private static ILocator Theirs(IPage page, string text) =>
        page.Locator(".webchat__bubble:not(.webchat__bubble--from-user)").Filter(new() { HasText = text });

    /// <summary>Headless Chromium on a shop page (another origin, on loopback) that embeds Web Chat as docs/widget.md shows.</summary>
    private sealed class WebChatShop : IAsyncDisposable
    {
        private HeadlessChromium _chromium = null!;
        private StubServer _shop = null!;

        public IPage Page { get; private set; } = null!;

        public string Url { get; private set; } = null!;

        public static async Task<WebChatShop> OpenAsync(DirectLineFixture fixture, string? department)
        {
            var bundle = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../interop/node_modules/botframework-webchat/dist/webchat.js"));
            Assert.True(File.Exists(bundle), $"Run npm ci in tests/interop (test.sh does); {bundle} is missing.");
            var opened = new WebChatShop { _chromium = await HeadlessChromium.OpenAsync(600, 800) };
            opened.Page = opened._chromium.Page;
            opened.Page.SetDefaultTimeout(20_000);
            opened._shop = await StubServer.StartAsync();
            opened._shop.On("GET /webchat.js", new StubResponse { ContentType = "text/javascript; charset=utf-8", Body = await File.ReadAllTextAsync(bundle) });
            opened._shop.On("GET /support", new StubResponse
            {
                ContentType = "text/html; charset=utf-8",
                Body = Html(fixture.App.BaseAddress.ToString().TrimEnd('/'), department),
            });
            opened.Url = new Uri(opened._shop.BaseUri, "support").ToString();
            await opened.Page.GotoAsync(opened.Url);
            return opened;
        }

        /// <summary>What the page remembers of its conversation (sessionStorage, written as activities arrive), to resume it after a reload.</summary>
        public async Task<string> SavedAsync(string name)
        {
            await Page.WaitForFunctionAsync($"() => JSON.parse(sessionStorage.getItem('livechat.webchat') || '{{}}').{name}");
            return await Page.EvaluateAsync<string>($"() => String(JSON.parse(sessionStorage.getItem('livechat.webchat')).{name})");
        }

        public async ValueTask DisposeAsync()
        {
            await _chromium.DisposeAsync();
            await _shop.DisposeAsync();
        }

        /// <summary>docs/examples/webchat.html (the page docs/widget.md shows) with the test's gateway, department and bundle.</summary>
        private static string Html(string gateway, string? department)
        {
            var page = File.ReadAllText(Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../docs/examples/webchat.html")));
            return Replace(Replace(Replace(page,
                "https://cdn.botframework.com/botframework-webchat/4.18.1/webchat.js", "/webchat.js"),
                "const gateway = 'https://chat.example.com';", $"const gateway = '{gateway}';"),
                "const department = null;", department is null ? "const department = null;" : $"const department = '{department}';");
        }

        private static string Replace(string page, string text, string by)
        {
            Assert.Contains(text, page, StringComparison.Ordinal);
            return page.Replace(text, by, StringComparison.Ordinal);
        }
    }
}
