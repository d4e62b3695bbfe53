using LiveChat.Gateway.Tests.DirectLine;
using LiveChat.Gateway.Tests.Tickets;
using Microsoft.Playwright;

namespace LiveChat.Gateway.Tests.OperatorConsole;

/// <summary>The web widget's gateway with a helpdesk (a Zendesk stub): ended chats become tickets the console can link to.</summary>
public sealed class ConsoleHelpdeskFixture : DirectLineFixture
{
    public FakeZendesk Zendesk { get; private set; } = null!;

    protected override IDictionary<string, string?> Settings
    {
        get
        {
            var settings = base.Settings;
            foreach (var (key, value) in ZendeskTicketsFixture.ZendeskSettings(Zendesk))
            {
                settings[key] = value;
            }

            return settings;
        }
    }

    public override async Task InitializeAsync()
    {
        Zendesk = await FakeZendesk.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Zendesk.DisposeAsync();
    }
}

/// <summary>UsesChromium: the visitor panel lists the customer's earlier chats and tickets, and their links work.</summary>
public sealed class ConsoleVisitorHistoryTests(ConsoleHelpdeskFixture fixture) : IClassFixture<ConsoleHelpdeskFixture>
{
    [Fact]
    public async Task TheVisitorPanelListsTheCustomersEarlierChatAndItsTicketWithWorkingLinks()
    {
        var admin = await fixture.App.AdminAsync();
        var department = await admin.DepartmentAsync($"History {Guid.NewGuid():N}");
        var account = await admin.OperatorAsync("agent", department);
        var agent = await fixture.App.SignInAsync(account.Email, account.Password);
        (await agent.Http.PutAsJsonAsync("/api/v1/operators/me/status", new { status = "online" })).EnsureSuccessStatusCode();

        // The customer's first chat: answered and ended, which makes a transcript ticket in the helpdesk.
        var (conversationId, token) = await fixture.WritesAsync(department, "Rita Returning", "Where is my refund for order 8812?");
        var firstChat = await fixture.ChatIdAsync(conversationId);
        (await agent.Http.PostAsync($"/api/v1/chats/{firstChat}/pickup", null)).EnsureSuccessStatusCode();
        (await agent.Http.PostAsJsonAsync($"/api/v1/chats/{firstChat}/messages", new { text = "The refund left us yesterday." })).EnsureSuccessStatusCode();
        (await agent.Http.PostAsJsonAsync($"/api/v1/chats/{firstChat}/end", new { afterSeconds = 0 })).EnsureSuccessStatusCode();
        var ticket = await admin.WaitForTicketAsync(firstChat, "created");
        var externalId = ticket.GetProperty("externalId").GetString()!;
        var ticketUrl = ticket.GetProperty("url").GetString()!;

        // Days later (here: now) the same customer writes again in the same conversation: a new chat.
        await using var browser = await ConsoleBrowser.StartAsync(fixture.App);
        var page = await browser.SignInAsync(account.Email, account.Password);
        await ConsoleBrowser.GoOnlineAsync(page);
        await fixture.WritesAgainAsync(conversationId, token, "The refund still has not arrived");
        await page.PickUpFromAlertAsync("Rita Returning");

        var panel = page.GetByRole(AriaRole.Tabpanel, new() { Name = "Visitor" });
        var earlier = panel.GetByRole(AriaRole.Link, new() { Name = "Where is my refund for order 8812?" });
        await Assertions.Expect(earlier).ToBeVisibleAsync();
        await Assertions.Expect(panel).ToContainTextAsync("ended");
        var ticketLink = panel.GetByRole(AriaRole.Link).Filter(new() { HasText = externalId });
        await Assertions.Expect(ticketLink).ToHaveAttributeAsync("href", ticketUrl);
        await Assertions.Expect(ticketLink).ToHaveAttributeAsync("target", "_blank");
        await ConsoleBrowser.AssertAccessibleAsync(page, "visitor panel with history");

        // The earlier chat opens in a tab of its own, with its transcript, and the current one stays open.
        await earlier.ClickAsync();
        await Assertions.Expect(page.GetByTestId("chat-state")).ToHaveTextAsync("ended");
        var log = page.GetByRole(AriaRole.Log, new() { Name = "Messages" });
        await Assertions.Expect(log).ToContainTextAsync("Where is my refund for order 8812?");
        await Assertions.Expect(log).ToContainTextAsync("The refund left us yesterday.");
        await Assertions.Expect(log).Not.ToContainTextAsync("The refund still has not arrived");
        await Assertions.Expect(page.GetByRole(AriaRole.Tablist, new() { Name = "Open chats" }).GetByRole(AriaRole.Tab)).ToHaveCountAsync(2);
    }
}
