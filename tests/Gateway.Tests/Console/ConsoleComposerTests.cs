using System.Net.Http.Headers;
using LiveChat.Gateway.Tests.Channels;
using LiveChat.Gateway.Tests.Routing;
using LiveChat.Gateway.Tests.Workspace;
using Microsoft.Playwright;

namespace LiveChat.Gateway.Tests.OperatorConsole;

/// <summary>
/// UsesChromium: the composer's line breaks and its preference, files both ways with a web customer, and WhatsApp's
/// reply window with a customer writing through signed webhooks (Graph a stub).
/// </summary>
public sealed class ConsoleComposerTests(ConsoleFixture fixture) : IClassFixture<ConsoleFixture>
{
    [Fact]
    public async Task ShiftEnterBreaksTheLineAndThePreferenceMakesCtrlEnterSend()
    {
        var (browser, page, conversationId, token) = await PickedUpAsync("Lina Lines", "Two questions, actually");
        await using var closing = browser;
        var composer = page.GetByLabel("Message to the customer");

        await composer.PressSequentiallyAsync("First line");
        await composer.PressAsync("Shift+Enter");
        await composer.PressSequentiallyAsync("second line");
        await Assertions.Expect(composer).ToHaveValueAsync("First line\nsecond line");
        await composer.PressAsync("Enter");
        await fixture.PollUntilAsync(conversationId, token, a => WebCustomer.Text(a) == "First line\nsecond line");
        await Assertions.Expect(composer).ToHaveValueAsync(string.Empty);

        await page.GetByRole(AriaRole.Checkbox, new() { Name = "Enter sends" }).UncheckAsync();
        await composer.PressSequentiallyAsync("Enter now");
        await composer.PressAsync("Enter");
        await composer.PressSequentiallyAsync("breaks the line");
        await Assertions.Expect(composer).ToHaveValueAsync("Enter now\nbreaks the line");
        // The gateway's answer to this send reaches the console only after the customer has the message and the page
        // was reloaded: the sent text must not come back as a draft (it did while the draft was cleared on the answer).
        var answered = new TaskCompletionSource();
        await page.RouteAsync("**/api/v1/chats/*/messages", async route =>
        {
            if (route.Request.Method != "POST")
            {
                await route.ContinueAsync();
                return;
            }

            var response = await route.FetchAsync();
            await answered.Task;
            try
            {
                await route.FulfillAsync(new() { Response = response });
            }
            catch (PlaywrightException)
            {
                // The page that asked has been reloaded.
            }
        });
        await composer.PressAsync("Control+Enter");
        await fixture.PollUntilAsync(conversationId, token, a => WebCustomer.Text(a) == "Enter now\nbreaks the line");
        await page.UnrouteAllAsync(new() { Behavior = UnrouteBehavior.IgnoreErrors });

        // The preference is the operator's, kept on the server: a reload keeps it.
        await page.ReloadAsync();
        answered.SetResult();
        await composer.WaitForAsync();
        await Assertions.Expect(page.GetByLabel("My status")).ToHaveValueAsync("online");
        await Assertions.Expect(page.GetByRole(AriaRole.Checkbox, new() { Name = "Enter sends" })).Not.ToBeCheckedAsync();
        await composer.PressSequentiallyAsync("Still");
        await composer.PressAsync("Enter");
        await Assertions.Expect(composer).ToHaveValueAsync("Still\n");
    }

    [Fact]
    public async Task FilesGoToTheCustomerAndTheCustomersImageIsShownAndOtherFilesAreLinks()
    {
        var (browser, page, conversationId, token) = await PickedUpAsync("Fiona Files", "My parcel arrived broken");
        await using var closing = browser;

        await page.Locator("input[type=file]").SetInputFilesAsync(new FilePayload { Name = "returns-label.txt", MimeType = "text/plain", Buffer = "Return to: Warehouse 3"u8.ToArray() });
        var log = page.GetByRole(AriaRole.Log, new() { Name = "Messages" });
        await Assertions.Expect(log.GetByRole(AriaRole.Link, new() { Name = "returns-label.txt" })).ToBeVisibleAsync();
        var seen = await fixture.PollUntilAsync(conversationId, token, a => a.TryGetProperty("attachments", out var list) && list.GetArrayLength() == 1);
        var label = seen.Single(a => a.TryGetProperty("attachments", out var list) && list.GetArrayLength() == 1).GetProperty("attachments")[0];
        Assert.Equal("returns-label.txt", label.GetProperty("name").GetString());
        var downloaded = await fixture.App.Anonymous().GetAsync(new Uri(label.GetProperty("contentUrl").GetString()!).PathAndQuery);
        Assert.Equal("Return to: Warehouse 3", await downloaded.Content.ReadAsStringAsync());

        // The customer's photo: a real PNG, cut from the page itself.
        var photo = await page.ScreenshotAsync(new() { Clip = new Clip { X = 0, Y = 0, Width = 160, Height = 52 } });
        await UploadAsync(conversationId, token, photo, "image/png", "broken-lid.png");
        await UploadAsync(conversationId, token, "%PDF-1.4 receipt"u8.ToArray(), "application/pdf", "receipt.pdf");

        var image = log.GetByRole(AriaRole.Img, new() { Name = "broken-lid.png" });
        await Assertions.Expect(image).ToBeVisibleAsync();
        await Assertions.Expect(image).ToHaveJSPropertyAsync("naturalWidth", 160);
        await Assertions.Expect(log.GetByRole(AriaRole.Link, new() { Name = "receipt.pdf" })).ToBeVisibleAsync();
        await ConsoleBrowser.ScreenshotAsync(page, "console-files.png");
        await ConsoleBrowser.AssertAccessibleAsync(page, "conversation with files");
    }

    [Fact]
    public async Task TheWhatsAppReplyWindowIsAnnouncedAndLocksTheComposerOnceClosedUntilTheCustomerWritesAgain()
    {
        var (browser, page, waId, chatId) = await WhatsAppChatPickedUpAsync("Is my order shipped?");
        await using var closing = browser;
        var composer = page.GetByLabel("Message to the customer");
        await Assertions.Expect(page.GetByText("Reply window closes in 23 h")).ToBeVisibleAsync();

        // The customer's last message is now 25 hours old: WhatsApp no longer takes free-form replies.
        await using (var connection = await fixture.Database.OpenAsync())
        {
            await connection.ExecuteAsync("UPDATE chats SET last_customer_message_at = now() - interval '25 hours' WHERE id = @chatId", new { chatId });
        }

        await page.ReloadAsync();
        var locked = page.GetByRole(AriaRole.Status).Filter(new() { HasText = "closed this chat's reply window" });
        await Assertions.Expect(locked).ToContainTextAsync("WhatsApp closed this chat's reply window 1 h 0 min ago");
        await Assertions.Expect(locked).ToContainTextAsync("you can reply once the customer writes again");
        await Assertions.Expect(composer).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Send" })).ToBeDisabledAsync();
        await ConsoleBrowser.ScreenshotAsync(page, "console-reply-window.png");
        await ConsoleBrowser.AssertAccessibleAsync(page, "locked composer");

        await CustomerWritesOnWhatsAppAsync(waId, "Hello again!");
        await Assertions.Expect(page.GetByRole(AriaRole.Log, new() { Name = "Messages" })).ToContainTextAsync("Hello again!");
        await Assertions.Expect(composer).ToBeVisibleAsync();
        await composer.FillAsync("It ships today");
        await composer.PressAsync("Enter");
        await fixture.Graph.WaitForAsync(fixture.SendRoute, r => r.Body.Contains("It ships today", StringComparison.Ordinal) && r.Body.Contains(waId, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AReplyWhatsAppRefusedSaysWhyIsSentAgainWithRetryAndShowsDeliveredAndRead()
    {
        var (browser, page, waId, _) = await WhatsAppChatPickedUpAsync("Can you call me?");
        await using var closing = browser;
        var wamid = $"wamid.console-{Guid.NewGuid():N}";
        var tries = 0;
        fixture.Graph.On(fixture.SendRoute, r => !r.Body.Contains("Calling you now", StringComparison.Ordinal)
            ? StubResponse.Json($$$"""{"messaging_product":"whatsapp","messages":[{"id":"wamid.auto-{{{Guid.NewGuid():N}}}"}]}""")
            : Interlocked.Increment(ref tries) == 1
                ? StubResponse.Json("""{"error":{"message":"(#131026) Message undeliverable","type":"OAuthException","code":131026,"fbtrace_id":"AX9"}}""", HttpStatusCode.BadRequest)
                : StubResponse.Json($$$"""{"messaging_product":"whatsapp","messages":[{"id":"{{{wamid}}}"}]}"""));
        try
        {
            var composer = page.GetByLabel("Message to the customer");
            await composer.FillAsync("Calling you now");
            await composer.PressAsync("Enter");
            var reply = page.GetByRole(AriaRole.Log, new() { Name = "Messages" }).GetByRole(AriaRole.Article).Filter(new() { HasText = "Calling you now" });
            // The outbox's first attempt may wait out a slow stub answer on a busy machine before Graph's refusal shows.
            await Assertions.Expect(reply).ToContainTextAsync("Not delivered — (#131026) Message undeliverable", new() { Timeout = 40_000 });
            await ConsoleBrowser.AssertAccessibleAsync(page, "failed message");
            await reply.GetByRole(AriaRole.Button, new() { Name = "Retry" }).ClickAsync();
            await Assertions.Expect(reply.Locator("[data-status]")).ToHaveTextAsync("Sent");
            Assert.Equal(2, tries);

            foreach (var (status, shown) in new[] { ("delivered", "Delivered"), ("read", "Read") })
            {
                await PostWhatsAppAsync(WhatsAppFixture.Status(wamid, status, waId, DateTimeOffset.UtcNow));
                await Assertions.Expect(reply.Locator("[data-status]")).ToHaveTextAsync(shown);
            }
        }
        finally
        {
            fixture.Graph.On(fixture.SendRoute, _ => StubResponse.Json($$$"""{"messaging_product":"whatsapp","messages":[{"id":"wamid.auto-{{{Guid.NewGuid():N}}}"}]}"""));
        }
    }

    [Fact]
    public async Task AReplysLateAnswerNeverTakesItsDeliveryStateBack()
    {
        var (browser, page, _, _) = await WhatsAppChatPickedUpAsync("Are you open on Sunday?");
        await using var closing = browser;
        fixture.Graph.On(fixture.SendRoute, r => !r.Body.Contains("Open from ten to four", StringComparison.Ordinal)
            ? StubResponse.Json($$$"""{"messaging_product":"whatsapp","messages":[{"id":"wamid.auto-{{{Guid.NewGuid():N}}}"}]}""")
            : StubResponse.Json("""{"error":{"message":"(#131026) Message undeliverable","type":"OAuthException","code":131026,"fbtrace_id":"AX9"}}""", HttpStatusCode.BadRequest));
        // The reply's own answer reaches the console only after the stream has told it that Graph refused the reply, as
        // happens on a busy machine when the outbox is quicker than the page.
        var release = new TaskCompletionSource();
        await page.RouteAsync("**/api/v1/chats/*/messages", async route =>
        {
            if (route.Request.Method != "POST")
            {
                await route.ContinueAsync();
                return;
            }

            var answer = await route.FetchAsync();
            await release.Task;
            await route.FulfillAsync(new() { Response = answer });
        });
        try
        {
            var composer = page.GetByLabel("Message to the customer");
            await composer.FillAsync("Open from ten to four");
            await composer.PressAsync("Enter");
            var reply = page.GetByRole(AriaRole.Log, new() { Name = "Messages" }).GetByRole(AriaRole.Article).Filter(new() { HasText = "Open from ten to four" });
            await Assertions.Expect(reply).ToContainTextAsync("Not delivered — (#131026) Message undeliverable", new() { Timeout = 40_000 });

            release.SetResult();
            // The composer empties once the send's answer has been taken in; the reply must still say what Graph said.
            await Assertions.Expect(composer).ToHaveValueAsync(string.Empty);
            await Assertions.Expect(reply.Locator("[data-status]")).ToContainTextAsync("Not delivered");
            await Assertions.Expect(reply.GetByRole(AriaRole.Button, new() { Name = "Retry" })).ToBeVisibleAsync();
        }
        finally
        {
            release.TrySetResult();
            fixture.Graph.On(fixture.SendRoute, _ => StubResponse.Json($$$"""{"messaging_product":"whatsapp","messages":[{"id":"wamid.auto-{{{Guid.NewGuid():N}}}"}]}"""));
        }
    }

    [Fact]
    public async Task EarlierMessagesLoadWhenTheTranscriptIsScrolledToTheTop()
    {
        var admin = await fixture.App.AdminAsync();
        var department = await admin.DepartmentAsync($"History {Guid.NewGuid():N}");
        var account = await admin.OperatorAsync("agent", department);
        var (conversationId, token) = await fixture.WritesAsync(department, "Hanna History", "Message 01");
        for (var i = 2; i <= 60; i++)
        {
            await fixture.WritesAgainAsync(conversationId, token, $"Message {i:D2}");
        }

        var chatId = await fixture.ChatIdAsync(conversationId);
        await using var browser = await ConsoleBrowser.StartAsync(fixture.App);
        var page = await browser.SignInAsync(account.Email, account.Password);
        await page.GotoAsync(new Uri(browser.Gateway, $"console/chats/{chatId}").ToString());
        var log = page.GetByRole(AriaRole.Log, new() { Name = "Messages" });
        await Assertions.Expect(log).ToContainTextAsync("Message 60");
        await Assertions.Expect(log).ToContainTextAsync("Scroll up for earlier messages");
        await Assertions.Expect(log).Not.ToContainTextAsync("Message 01");

        await log.EvaluateAsync("el => { el.scrollTop = 0; el.dispatchEvent(new Event('scroll')); }");
        await Assertions.Expect(log).ToContainTextAsync("Message 01");
        await Assertions.Expect(log).Not.ToContainTextAsync("Scroll up for earlier messages");
        await Assertions.Expect(log.GetByText("Message 60")).ToBeVisibleAsync();
    }

    /// <summary>A WhatsApp customer writes through a signed webhook; the admin, online in the console, picks the chat up: (browser, page, wa_id, chat id).</summary>
    private async Task<(ConsoleBrowser Browser, IPage Page, string WaId, string ChatId)> WhatsAppChatPickedUpAsync(string question)
    {
        var waId = $"49{Random.Shared.NextInt64(100_000_000, 999_999_999)}";
        await CustomerWritesOnWhatsAppAsync(waId, question);
        var chatId = await OpenChatAsync(waId);
        var browser = await ConsoleBrowser.StartAsync(fixture.App);
        var page = await browser.SignInAsync(GatewayApp.AdminEmail, GatewayApp.AdminPassword);
        await ConsoleBrowser.GoOnlineAsync(page);
        await page.GotoAsync(new Uri(browser.Gateway, $"console/chats/{chatId}").ToString());
        await page.GetByRole(AriaRole.Button, new() { Name = "Pick up this chat" }).ClickAsync();
        await page.GetByLabel("Message to the customer").WaitForAsync();
        return (browser, page, waId, chatId);
    }

    /// <summary>An agent online in a new department picks up the chat a web customer just started, from the alert.</summary>
    private async Task<(ConsoleBrowser Browser, IPage Page, string ConversationId, string Token)> PickedUpAsync(string name, string question)
    {
        var admin = await fixture.App.AdminAsync();
        var department = await admin.DepartmentAsync($"Composer {Guid.NewGuid():N}");
        var account = await admin.OperatorAsync("agent", department);
        var browser = await ConsoleBrowser.StartAsync(fixture.App);
        var page = await browser.SignInAsync(account.Email, account.Password);
        await ConsoleBrowser.GoOnlineAsync(page);
        var (conversationId, token) = await fixture.WritesAsync(department, name, question);
        await page.PickUpFromAlertAsync(name);
        await page.GetByLabel("Message to the customer").WaitForAsync();
        return (browser, page, conversationId, token);
    }

    private async Task UploadAsync(string conversationId, string token, byte[] bytes, string contentType, string name)
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        file.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment") { FileName = name };
        var response = await fixture.Client(token).PostAsync($"/v3/directline/conversations/{conversationId}/upload?userId=r_user1", file);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private Task CustomerWritesOnWhatsAppAsync(string waId, string text) =>
        PostWhatsAppAsync(WhatsAppFixture.TextMessage(waId, "Wanda WhatsApp", $"wamid.{Guid.NewGuid():N}", text, DateTimeOffset.UtcNow));

    /// <summary>Meta calls the webhook, signed with the app secret.</summary>
    private async Task PostWhatsAppAsync(string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/whatsapp") { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Hub-Signature-256", WhatsAppFixture.Sign(body));
        Assert.Equal(HttpStatusCode.OK, (await fixture.App.Anonymous().SendAsync(request)).StatusCode);
    }

    /// <summary>The webhook is answered before the message is stored: waits for the chat it opened.</summary>
    private async Task<string> OpenChatAsync(string waId)
    {
        var chatId = await Eventually.Until<string?>(
            $"a chat to open for {waId}",
            () => fixture.ScalarAsync<string>("SELECT id FROM chats WHERE conversation_key = @waId AND ended_at IS NULL", new { waId }),
            id => id is not null);
        return chatId!;
    }
}
