using LiveChat.Gateway.Tests.DirectLine;
using Microsoft.Playwright;

namespace LiveChat.Gateway.Tests.OperatorConsole;

/// <summary>UsesChromium: the incoming-chat alert's tab title, sound, desktop notification and ringer, and offers declined.</summary>
public sealed class ConsoleAlertTests(DirectLineFixture fixture) : IClassFixture<DirectLineFixture>
{
    /// <summary>
    /// Watches what the page does with the speakers and the desktop: every Web Audio tone started and every Notification
    /// made are counted, and the test decides whether the tab is hidden.
    /// </summary>
    private const string Watch = """
        window.__tones = 0; window.__notes = []; window.__hidden = false;
        Object.defineProperty(Document.prototype, 'hidden', { configurable: true, get: () => window.__hidden });
        Object.defineProperty(Document.prototype, 'visibilityState', { configurable: true, get: () => window.__hidden ? 'hidden' : 'visible' });
        const start = OscillatorNode.prototype.start;
        OscillatorNode.prototype.start = function (...args) { window.__tones++; return start.apply(this, args); };
        const Real = window.Notification;
        function Watched(title, options) {
          window.__notes.push({ title, body: options && options.body });
          try { return new Real(title, options); } catch { return { close() {} }; }
        }
        Object.defineProperty(Watched, 'permission', { get: () => Real.permission });
        Watched.requestPermission = (...args) => Real.requestPermission(...args);
        window.Notification = Watched;
        """;

    [Fact]
    public async Task TheTabTitleCountsTheWaitingChatsAndTheAlertGoesWhenAColleaguePicksTheChatUp()
    {
        await using var browser = await ConsoleBrowser.StartAsync(fixture.App);
        var (department, anna, ben) = await browser.TwoAgentsOnlineAsync(fixture.App, "Alerts");
        var (annaPage, benPage) = (anna.Page, ben.Page);
        await Assertions.Expect(annaPage).ToHaveTitleAsync("LiveChat console");

        await fixture.WritesAsync(department, "Rita Refund", "Where is my refund?");
        var rita = annaPage.GetByRole(AriaRole.Alertdialog, new() { Name = "Incoming chat: Rita Refund" });
        await Assertions.Expect(rita).ToContainTextAsync("Where is my refund?");
        await Assertions.Expect(annaPage).ToHaveTitleAsync("(1) waiting · LiveChat console");
        await fixture.WritesAsync(department, "Sven Size", "Is size 44 back in stock?");
        var sven = annaPage.GetByRole(AriaRole.Alertdialog, new() { Name = "Incoming chat: Sven Size" });
        await Assertions.Expect(sven).ToBeVisibleAsync();
        await Assertions.Expect(annaPage).ToHaveTitleAsync("(2) waiting · LiveChat console");
        await ConsoleBrowser.AssertAccessibleAsync(annaPage, "incoming alerts");

        await benPage.PickUpFromAlertAsync("Rita Refund");
        await Assertions.Expect(benPage.GetByTestId("chat-state")).ToHaveTextAsync($"with {ben.Name}");

        await Assertions.Expect(rita).ToHaveCountAsync(0);
        await Assertions.Expect(sven).ToBeVisibleAsync();
        await Assertions.Expect(annaPage).ToHaveTitleAsync("(1) waiting · LiveChat console");
        await Assertions.Expect(benPage).ToHaveTitleAsync("(1) waiting · LiveChat console");
    }

    [Fact]
    public async Task TheAlertRingsOnlyOnceSoundIsOnNotifiesWhileTheTabIsHiddenAndStopsWithTheRinger()
    {
        var admin = await fixture.App.AdminAsync();
        var department = await admin.DepartmentAsync($"Ringing {Guid.NewGuid():N}");
        var account = await admin.OperatorAsync("agent", department);
        await using var browser = await ConsoleBrowser.StartAsync(fixture.App);
        var page = await browser.NewPageAsync();
        await page.AddInitScriptAsync(Watch);
        await browser.SignInAsync(account.Email, account.Password, page);
        await ConsoleBrowser.GoOnlineAsync(page);

        // Sound not turned on yet: the alert shows, silently, and the tab is visible so no desktop notification.
        await fixture.WritesAsync(department, "Quiet Quentin", "First question");
        await page.GetByRole(AriaRole.Alertdialog, new() { Name = "Incoming chat: Quiet Quentin" }).WaitForAsync();
        await page.WaitForTimeoutAsync(1000);
        Assert.Equal(0, await page.EvaluateAsync<int>("() => window.__tones"));
        Assert.Equal(0, await page.EvaluateAsync<int>("() => window.__notes.length"));

        await page.GetByRole(AriaRole.Button, new() { Name = "Turn sound on" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sound on · mute" })).ToBeVisibleAsync();
        await page.EvaluateAsync("() => { window.__hidden = true; document.dispatchEvent(new Event('visibilitychange')); }");
        await fixture.WritesAsync(department, "Loud Lena", "Second question");
        await page.WaitForFunctionAsync("() => window.__tones > 0 && window.__notes.length > 0");
        var note = await page.EvaluateAsync<JsonElement>("() => window.__notes[0]");
        Assert.Equal("New chat from Loud Lena", note.GetProperty("title").GetString());
        Assert.Equal("Second question", note.GetProperty("body").GetString());

        // Ringer off: no ring and no notification for the next chat (nor for those still waiting).
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "Ringer" }).UncheckAsync();
        await page.GetByText("You are online, with the ringer off.").WaitForAsync();
        await page.EvaluateAsync("() => { window.__tones = 0; window.__notes = []; }");
        await fixture.WritesAsync(department, "Muted Max", "Third question");
        await Assertions.Expect(page.GetByRole(AriaRole.List, new() { Name = "Queued" })).ToContainTextAsync("Third question");
        await page.WaitForTimeoutAsync(8500);
        Assert.Equal(0, await page.EvaluateAsync<int>("() => window.__tones"));
        Assert.Equal(0, await page.EvaluateAsync<int>("() => window.__notes.length"));
        await Assertions.Expect(page.GetByRole(AriaRole.Alertdialog, new() { Name = "Incoming chat: Muted Max" })).ToHaveCountAsync(0);

        await page.GetByLabel("My status").SelectOptionAsync("offline");
        await page.GetByText("You are offline: no new chats will come to you.").WaitForAsync();
        await page.ReloadAsync();
        await Assertions.Expect(page.GetByLabel("My status")).ToHaveValueAsync("offline", new() { Timeout = 30_000 });
    }

    [Fact]
    public async Task APickUpThatLostTheRaceSaysWhoTookTheChat()
    {
        await using var browser = await ConsoleBrowser.StartAsync(fixture.App);
        var (department, anna, ben) = await browser.TwoAgentsOnlineAsync(fixture.App, "Race");
        var (conversationId, _) = await fixture.WritesAsync(department, "Lars Late", "Who is faster?");
        var chatId = await fixture.ChatIdAsync(conversationId);
        var benElsewhere = await fixture.App.SignInAsync(ben.Email, ben.Password);

        // Ben's pick-up (from his phone, say) reaches the gateway just before Anna's.
        await anna.Page.RouteAsync($"**/api/v1/chats/{chatId}/pickup", async route =>
        {
            (await benElsewhere.Http.PostAsync($"/api/v1/chats/{chatId}/pickup", null)).EnsureSuccessStatusCode();
            await route.ContinueAsync();
        });
        await anna.Page.PickUpFromAlertAsync("Lars Late");

        await Assertions.Expect(anna.Page.GetByText($"{ben.Name} already took this chat.")).ToBeVisibleAsync();
        await Assertions.Expect(anna.Page.GetByRole(AriaRole.Alertdialog, new() { Name = "Incoming chat: Lars Late" })).ToHaveCountAsync(0);
        await Assertions.Expect(anna.Page.GetByLabel("Message to the customer")).ToHaveCountAsync(0);
        await Assertions.Expect(ben.Page.GetByRole(AriaRole.Alertdialog, new() { Name = "Incoming chat: Lars Late" })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task ADeclinedOfferLeavesThePopupWithItsCountdownAndGoesToTheColleague()
    {
        await using var browser = await ConsoleBrowser.StartAsync(fixture.App);
        var (department, anna, ben) = await browser.TwoAgentsOnlineAsync(fixture.App, "Offers");
        var (annaPage, benPage) = (anna.Page, ben.Page);
        var admin = await fixture.App.AdminAsync();
        Assert.Equal(HttpStatusCode.OK, (await admin.Http.PutAsJsonAsync($"/api/v1/departments/{department}/routing", new { mode = "roundRobin" })).StatusCode);

        await fixture.WritesAsync(department, "Dora Decline", "Can I pay by invoice?");

        var offers = new[] { annaPage, benPage }.Select(p => p.GetByRole(AriaRole.Alertdialog, new() { Name = "Chat offered: Dora Decline" })).ToArray();
        var first = await Task.WhenAny(offers.Select(async (o, i) => { await o.WaitForAsync(new() { Timeout = 20_000 }); return i; }));
        var (offered, other) = (offers[first.Result], offers[1 - first.Result]);
        await Assertions.Expect(offered.GetByRole(AriaRole.Timer)).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"^\d+ s left$"));
        await ConsoleBrowser.AssertAccessibleAsync(first.Result == 0 ? annaPage : benPage, "offer");
        await offered.GetByRole(AriaRole.Button, new() { Name = "Decline" }).ClickAsync();

        await Assertions.Expect(offered).ToHaveCountAsync(0);
        await Assertions.Expect(other.GetByRole(AriaRole.Timer)).ToContainTextAsync("s left");
        await other.GetByRole(AriaRole.Button, new() { Name = "Accept" }).ClickAsync();
        var taker = first.Result == 0 ? benPage : annaPage;
        await Assertions.Expect(taker.GetByLabel("Message to the customer")).ToBeVisibleAsync();
    }
}
