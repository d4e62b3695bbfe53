using LiveChat.Gateway.Tests.DirectLine;
using Microsoft.Playwright;

namespace LiveChat.Gateway.Tests.OperatorConsole;

/// <summary>UsesChromium: signing in and out, an expired sign-in, drafts and tabs across reloads, shortcuts, accessibility.</summary>
public sealed class ConsoleSessionTests(DirectLineFixture fixture) : IClassFixture<DirectLineFixture>
{
    [Fact]
    public async Task AWrongPasswordIsRefusedOnTheFormAndSignOutReturnsToIt()
    {
        await using var browser = await ConsoleBrowser.StartAsync(fixture.App);
        var page = await browser.NewPageAsync();
        await page.GotoAsync(new Uri(browser.Gateway, "console/").ToString());
        await page.GetByLabel("Email").FillAsync(GatewayApp.AdminEmail);
        await page.GetByLabel("Password").FillAsync("not the password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("do not match");
        await ConsoleBrowser.ScreenshotAsync(page, "console-signin.png");
        await ConsoleBrowser.AssertAccessibleAsync(page, "sign-in");

        await browser.SignInAsync(GatewayApp.AdminEmail, GatewayApp.AdminPassword, page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await page.ReloadAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign in" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task AnExpiredSignInAsksForThePasswordAndKeepsTabsAndDrafts()
    {
        var admin = await fixture.App.AdminAsync();
        var department = await admin.DepartmentAsync($"Returns {Guid.NewGuid():N}");
        var account = await admin.OperatorAsync("agent", department);
        var chatId = await QueueWebChatAsync(department, "Can I return shoes after 40 days?");
        await using var browser = await ConsoleBrowser.StartAsync(fixture.App);
        var page = await browser.SignInAsync(account.Email, account.Password);
        await ConsoleBrowser.GoOnlineAsync(page);
        await page.GetByRole(AriaRole.Button).Filter(new() { HasText = "Can I return shoes after 40 days?" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Pick up this chat" }).ClickAsync();
        var composer = page.GetByLabel("Message to the customer");
        await composer.FillAsync("Half-written answer about returns");

        // The token runs out (here: the server stops accepting it), and the next call is refused.
        await page.EvaluateAsync("() => { const s = JSON.parse(sessionStorage.getItem('livechat.session')); s.token = 'expired'; sessionStorage.setItem('livechat.session', JSON.stringify(s)); }");
        await page.ReloadAsync();
        var expired = page.GetByRole(AriaRole.Dialog, new() { Name = "Sign in again" });
        await Assertions.Expect(expired).ToBeVisibleAsync();
        await expired.GetByLabel("Password").FillAsync(account.Password);
        await expired.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Assertions.Expect(expired).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByRole(AriaRole.Tab).Filter(new() { HasText = "Visitor" }).First).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByLabel("Message to the customer")).ToHaveValueAsync("Half-written answer about returns");
        Assert.Equal(chatId, await page.EvaluateAsync<string>($"() => JSON.parse(localStorage.getItem('livechat.{account.Id}.tabs')).open[0]"));
    }

    [Fact]
    public async Task DraftsStayWithTheirChatAcrossTabsAndReloads()
    {
        var admin = await fixture.App.AdminAsync();
        var department = await admin.DepartmentAsync($"Drafts {Guid.NewGuid():N}");
        var account = await admin.OperatorAsync("agent", department);
        await QueueWebChatAsync(department, "First customer asks about sizes");
        await QueueWebChatAsync(department, "Second customer asks about colours");
        await using var browser = await ConsoleBrowser.StartAsync(fixture.App);
        var page = await browser.SignInAsync(account.Email, account.Password);
        await ConsoleBrowser.GoOnlineAsync(page);
        var composer = page.GetByLabel("Message to the customer");

        await page.GetByRole(AriaRole.Button).Filter(new() { HasText = "First customer asks about sizes" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Pick up this chat" }).ClickAsync();
        await composer.FillAsync("Sizes run small");
        await page.GetByRole(AriaRole.Tab, new() { Name = "Queued" }).ClickAsync();
        await page.GetByRole(AriaRole.Button).Filter(new() { HasText = "Second customer asks about colours" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Pick up this chat" }).ClickAsync();
        await Assertions.Expect(composer).ToHaveValueAsync(string.Empty);
        await composer.FillAsync("We have blue and red");

        await page.ReloadAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Tablist, new() { Name = "Open chats" }).GetByRole(AriaRole.Tab)).ToHaveCountAsync(2);
        await Assertions.Expect(composer).ToHaveValueAsync("We have blue and red");
        await page.Keyboard.PressAsync("Alt+ArrowUp");
        await Assertions.Expect(composer).ToHaveValueAsync("Sizes run small");
        await ConsoleBrowser.ScreenshotAsync(page, "console-tabs.png");
        await ConsoleBrowser.AssertAccessibleAsync(page, "conversation");

        await page.GetByRole(AriaRole.Log, new() { Name = "Messages" }).ClickAsync();
        await page.Keyboard.PressAsync("?");
        await Assertions.Expect(page.GetByRole(AriaRole.Dialog, new() { Name = "Keyboard shortcuts" })).ToContainTextAsync("Pick up the chat that has waited longest");
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(page.GetByRole(AriaRole.Dialog, new() { Name = "Keyboard shortcuts" })).ToHaveCountAsync(0);
    }

    private async Task<string> QueueWebChatAsync(string department, string text)
    {
        var (conversationId, token, _) = await fixture.StartAsync("Sam Shopper");
        await fixture.PostAsync(conversationId, token, new
        {
            type = "message",
            from = new { id = "r_user1", name = "Sam Shopper" },
            text,
            channelData = new { visitor = new { departmentId = department } },
        });
        var chatId = await fixture.ChatIdAsync(conversationId);
        return chatId;
    }
}
