using LiveChat.Gateway.Tests.DirectLine;
using LiveChat.Gateway.Tests.Routing;
using Microsoft.Playwright;

namespace LiveChat.Gateway.Tests.OperatorConsole;

/// <summary>UsesChromium: the lists' filters, a list holding still under the pointer, Recent with transcripts, Missed.</summary>
public sealed class ConsoleListTests(DirectLineFixture fixture) : IClassFixture<DirectLineFixture>
{
    [Fact]
    public async Task TheQueuedListFiltersByDepartmentChannelAndTag()
    {
        var admin = await fixture.App.AdminAsync();
        var shoes = await admin.DepartmentAsync($"Shoes {Guid.NewGuid():N}");
        var bags = await admin.DepartmentAsync($"Bags {Guid.NewGuid():N}");
        var account = await admin.OperatorAsync("agent", shoes, bags);
        var (vipConversation, _) = await fixture.WritesAsync(shoes, "Vera Vip", "Web shoes question");
        await fixture.WritesAsync(bags, "Walter Web", "Web bags question");
        await fixture.QueueChatAsync(bags, "WhatsApp bags question");
        var vip = await fixture.ChatIdAsync(vipConversation);
        (await admin.Http.PutAsJsonAsync($"/api/v1/chats/{vip}/tags", new { tags = new[] { "VIP" } })).EnsureSuccessStatusCode();
        await using var browser = await ConsoleBrowser.StartAsync(fixture.App);
        var page = await browser.SignInAsync(account.Email, account.Password);
        var list = page.GetByRole(AriaRole.List, new() { Name = "Queued" }).GetByRole(AriaRole.Listitem);
        await Assertions.Expect(list).ToHaveCountAsync(3);

        await page.GetByLabel("Filter by department").SelectOptionAsync(new SelectOptionValue { Value = shoes });
        await Assertions.Expect(list).ToHaveTextAsync([new System.Text.RegularExpressions.Regex("Web shoes question")]);
        await page.GetByLabel("Filter by department").SelectOptionAsync(new SelectOptionValue { Value = bags });
        await Assertions.Expect(list).ToHaveCountAsync(2);
        await page.GetByLabel("Filter by channel").SelectOptionAsync(new SelectOptionValue { Label = "WhatsApp" });
        await Assertions.Expect(list).ToHaveTextAsync([new System.Text.RegularExpressions.Regex("WhatsApp bags question")]);
        await ConsoleBrowser.AssertAccessibleAsync(page, "filtered list");

        await page.GetByLabel("Filter by department").SelectOptionAsync(new SelectOptionValue { Value = string.Empty });
        await page.GetByLabel("Filter by channel").SelectOptionAsync(new SelectOptionValue { Value = string.Empty });
        await page.GetByLabel("Filter by tag").SelectOptionAsync(new SelectOptionValue { Label = "VIP" });
        await Assertions.Expect(list).ToHaveTextAsync([new System.Text.RegularExpressions.Regex("Web shoes question")]);
        await page.GetByLabel("Filter by tag").SelectOptionAsync(new SelectOptionValue { Value = string.Empty });
        await Assertions.Expect(list).ToHaveCountAsync(3);
    }

    [Fact]
    public async Task AListHoldsStillUnderThePointerAndTakesItsNewOrderWhenThePointerLeaves()
    {
        var admin = await fixture.App.AdminAsync();
        var department = await admin.DepartmentAsync($"Hover {Guid.NewGuid():N}");
        var account = await admin.OperatorAsync("agent", department);
        var (firstConversation, firstToken) = await fixture.WritesAsync(department, "Anton First", "First in line");
        var (secondConversation, secondToken) = await fixture.WritesAsync(department, "Berta Second", "Second in line");
        await fixture.WritesAsync(department, "Carl Third", "Third in line");
        await using var browser = await ConsoleBrowser.StartAsync(fixture.App);
        var page = await browser.SignInAsync(account.Email, account.Password);
        var rows = page.GetByRole(AriaRole.List, new() { Name = "Queued" }).GetByRole(AriaRole.Listitem);
        await Assertions.Expect(rows).ToHaveCountAsync(3);
        await Assertions.Expect(rows.Nth(0)).ToContainTextAsync("First in line");

        await rows.Nth(1).HoverAsync();
        await fixture.LeavesAsync(firstConversation, firstToken);
        await fixture.WritesAgainAsync(secondConversation, secondToken, "Hello? Anyone?");
        await fixture.WritesAsync(department, "Dana Fourth", "Fourth in line");
        await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "the list updates when the pointer leaves it" })).ToContainTextAsync("2 new or moved");
        await Assertions.Expect(rows).ToHaveCountAsync(3);
        await Assertions.Expect(rows.Nth(0)).ToContainTextAsync("First in line");
        await Assertions.Expect(rows.Nth(1)).ToContainTextAsync("Second in line");

        await page.Mouse.MoveAsync(700, 400);
        await Assertions.Expect(rows).ToHaveCountAsync(3);
        await Assertions.Expect(rows.Nth(0)).ToContainTextAsync("Second in line");
        await Assertions.Expect(rows.Nth(2)).ToContainTextAsync("Fourth in line");
        await Assertions.Expect(page.GetByText("the list updates when the pointer leaves it")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task RecentShowsEndedChatsWithTheirTranscriptAndMissedShowsTheChatsNobodyTook()
    {
        var admin = await fixture.App.AdminAsync();
        var department = await admin.DepartmentAsync($"Recent {Guid.NewGuid():N}");
        var account = await admin.OperatorAsync("agent", department);
        await using var browser = await ConsoleBrowser.StartAsync(fixture.App);
        var page = await browser.SignInAsync(account.Email, account.Password);
        await ConsoleBrowser.GoOnlineAsync(page);
        await fixture.WritesAsync(department, "Erik Ended", "Did my return arrive?");
        await page.PickUpFromAlertAsync("Erik Ended");
        var composer = page.GetByLabel("Message to the customer");
        await composer.FillAsync("Yes, it arrived on Monday");
        await composer.PressAsync("Enter");
        await page.GetByRole(AriaRole.Button, new() { Name = "End the chat" }).ClickAsync();
        await page.GetByRole(AriaRole.Menuitem, new() { Name = "End now" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("chat-state")).ToHaveTextAsync("ended");
        await page.GetByRole(AriaRole.Button, new() { Name = "Close tab" }).ClickAsync();
        var (missedConversation, missedToken) = await fixture.WritesAsync(department, "Mia Missed", "Anyone there at night?");
        await page.GetByRole(AriaRole.Alertdialog, new() { Name = "Incoming chat: Mia Missed" }).WaitForAsync();
        await fixture.LeavesAsync(missedConversation, missedToken);
        await Assertions.Expect(page.GetByRole(AriaRole.Alertdialog, new() { Name = "Incoming chat: Mia Missed" })).ToHaveCountAsync(0);

        await page.GetByRole(AriaRole.Tab, new() { Name = "Recent" }).ClickAsync();
        var recent = page.GetByRole(AriaRole.List, new() { Name = "Recent" });
        await Assertions.Expect(recent).ToContainTextAsync("Anyone there at night?");
        await recent.GetByRole(AriaRole.Button).Filter(new() { HasText = "Did my return arrive?" }).ClickAsync();
        var log = page.GetByRole(AriaRole.Log, new() { Name = "Messages" });
        await Assertions.Expect(log).ToContainTextAsync("Did my return arrive?");
        await Assertions.Expect(log).ToContainTextAsync("Yes, it arrived on Monday");
        await Assertions.Expect(page.GetByText("This chat has ended")).ToBeVisibleAsync();
        await Assertions.Expect(composer).ToHaveCountAsync(0);
        await ConsoleBrowser.AssertAccessibleAsync(page, "recent");

        await page.GetByRole(AriaRole.Tab, new() { Name = "Missed" }).ClickAsync();
        var missed = page.GetByRole(AriaRole.List, new() { Name = "Missed" });
        await Assertions.Expect(missed.GetByRole(AriaRole.Listitem)).ToHaveCountAsync(1);
        await missed.GetByRole(AriaRole.Button).Filter(new() { HasText = "Anyone there at night?" }).ClickAsync();
        await Assertions.Expect(page.GetByText("This chat has been missed")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Log, new() { Name = "Messages" })).ToContainTextAsync("Anyone there at night?");
    }
}
