using LiveChat.Gateway.Tests.DirectLine;
using LiveChat.Gateway.Tests.Routing;
using Microsoft.Playwright;

namespace LiveChat.Gateway.Tests.OperatorConsole;

/// <summary>
/// UsesChromium: a dropped event stream resumes where it was, a gateway restart costs nothing, and two operators see each
/// other in a chat.
/// </summary>
public sealed class ConsoleStreamTests(DirectLineFixture fixture) : IClassFixture<DirectLineFixture>
{
    [Fact]
    public async Task ADroppedStreamResumesWithLastEventIdAndShowsWhatCameMeanwhileWithoutAReload()
    {
        var admin = await fixture.App.AdminAsync();
        var department = await admin.DepartmentAsync($"Stream {Guid.NewGuid():N}");
        var account = await admin.OperatorAsync("agent", department);
        await using var browser = await ConsoleBrowser.StartAsync(fixture.App);
        var page = await browser.SignInAsync(account.Email, account.Password);
        await ConsoleBrowser.GoOnlineAsync(page);
        var (conversationId, token) = await fixture.WritesAsync(department, "Nora Network", "Is the sale still on?");
        await page.PickUpFromAlertAsync("Nora Network");
        var log = page.GetByRole(AriaRole.Log, new() { Name = "Messages" });
        await Assertions.Expect(log).ToContainTextAsync("Is the sale still on?");
        // From now on a reconnect waits until the test lets it through, so what the customer writes meanwhile is in the gap.
        var resumedFrom = new List<string?>();
        var gap = new TaskCompletionSource();
        await page.RouteAsync("**/api/v1/events**", async route =>
        {
            resumedFrom.Add(route.Request.Headers.GetValueOrDefault("last-event-id"));
            await gap.Task;
            await route.ContinueAsync();
        });

        // The admin gives the operator another department: the gateway ends their stream at once (it is re-checked on reconnect).
        var other = await admin.DepartmentAsync($"Stream other {Guid.NewGuid():N}");
        (await admin.Http.PutAsJsonAsync($"/api/v1/operators/{account.Id}", new { name = WebCustomer.Name(account.Email), email = account.Email, role = "agent", departmentIds = new[] { department, other } })).EnsureSuccessStatusCode();
        await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Reconnecting…" })).ToBeVisibleAsync();
        await fixture.WritesAgainAsync(conversationId, token, "Written while the operator's stream was down");
        await fixture.WritesAgainAsync(conversationId, token, "And a second one");
        await Assertions.Expect(log).Not.ToContainTextAsync("And a second one", new() { Timeout = 1000 });
        gap.SetResult();

        await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Live" })).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Assertions.Expect(log).ToContainTextAsync("Written while the operator's stream was down");
        await Assertions.Expect(log).ToContainTextAsync("And a second one");
        Assert.Contains(resumedFrom, id => id is { Length: > 0 } && long.TryParse(id, out _));
        Assert.DoesNotContain(resumedFrom, id => id is null);
    }

    [Fact]
    public async Task TwoOperatorsInAChatSeeEachOtherViewingAndTyping()
    {
        var admin = await fixture.App.AdminAsync();
        var department = await admin.DepartmentAsync($"Presence {Guid.NewGuid():N}");
        var anna = await admin.OperatorAsync("agent", department);
        var supervisor = await admin.OperatorAsync("supervisor", department);
        await using var browser = await ConsoleBrowser.StartAsync(fixture.App);
        var annaPage = await browser.SignInAsync(anna.Email, anna.Password);
        await ConsoleBrowser.GoOnlineAsync(annaPage);
        var supervisorPage = await browser.SignInAsync(supervisor.Email, supervisor.Password);
        await fixture.WritesAsync(department, "Paul Presence", "Who else is reading this?");
        await annaPage.PickUpFromAlertAsync("Paul Presence");

        await supervisorPage.GetByRole(AriaRole.Tab, new() { Name = "Active" }).ClickAsync();
        await supervisorPage.GetByRole(AriaRole.Button).Filter(new() { HasText = "Who else is reading this?" }).ClickAsync();
        var supervisorName = WebCustomer.Name(supervisor.Email, "supervisor");
        await Assertions.Expect(annaPage.GetByRole(AriaRole.Status).Filter(new() { HasText = $"{supervisorName} is viewing" })).ToBeVisibleAsync();
        await Assertions.Expect(supervisorPage.GetByRole(AriaRole.Status).Filter(new() { HasText = $"{WebCustomer.Name(anna.Email)} is viewing" })).ToBeVisibleAsync();

        await annaPage.GetByLabel("Message to the customer").PressSequentiallyAsync("Let me check");
        await Assertions.Expect(supervisorPage.GetByRole(AriaRole.Status).Filter(new() { HasText = $"{WebCustomer.Name(anna.Email)} is typing" })).ToBeVisibleAsync();
        await supervisorPage.GetByLabel("Private note to colleagues").PressSequentiallyAsync("Offer the voucher");
        await Assertions.Expect(annaPage.GetByRole(AriaRole.Status).Filter(new() { HasText = $"{supervisorName} is typing" })).ToBeVisibleAsync();
        await ConsoleBrowser.AssertAccessibleAsync(supervisorPage, "watching a colleague's chat");

        await supervisorPage.GetByRole(AriaRole.Button, new() { Name = "Close tab" }).ClickAsync();
        await Assertions.Expect(annaPage.GetByRole(AriaRole.Status).Filter(new() { HasText = supervisorName })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task AGatewayRestartCostsNothingTheConsoleReconnectsByItselfAndKeepsTabsAndDrafts()
    {
        var admin = await fixture.App.AdminAsync();
        var department = await admin.DepartmentAsync($"Restart {Guid.NewGuid():N}");
        var account = await admin.OperatorAsync("agent", department);
        // The console's own node, on a port of its own so that it can come back at the same address; the customer
        // writes through the fixture's node, which shares the database (as a second node of a cluster would).
        var port = FreePort();
        var node = StartNode(port);
        try
        {
            await using var browser = await ConsoleBrowser.StartAsync(node);
            var page = await browser.SignInAsync(account.Email, account.Password);
            await ConsoleBrowser.GoOnlineAsync(page);
            await fixture.WritesAsync(department, "Rhea Restart", "Is my order safe during your update?");
            await page.PickUpFromAlertAsync("Rhea Restart");
            var (conversationId, token) = await fixture.WritesAsync(department, "Ralf Restart", "Can I still pay by invoice?");
            await page.PickUpFromAlertAsync("Ralf Restart");
            var tabs = page.GetByRole(AriaRole.Tablist, new() { Name = "Open chats" }).GetByRole(AriaRole.Tab);
            await Assertions.Expect(tabs).ToHaveCountAsync(2);
            var composer = page.GetByLabel("Message to the customer");
            await composer.FillAsync("Yes, invoices are fine up to");
            var log = page.GetByRole(AriaRole.Log, new() { Name = "Messages" });
            await Assertions.Expect(log).ToContainTextAsync("Can I still pay by invoice?");

            await node.DisposeAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Reconnecting…" })).ToBeVisibleAsync();
            await fixture.WritesAgainAsync(conversationId, token, "Written while the gateway was down");
            node = StartNode(port);

            await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Live" })).ToBeVisibleAsync(new() { Timeout = 30_000 });
            await Assertions.Expect(log).ToContainTextAsync("Written while the gateway was down");
            await Assertions.Expect(tabs).ToHaveCountAsync(2);
            await Assertions.Expect(composer).ToHaveValueAsync("Yes, invoices are fine up to");
            await composer.PressSequentiallyAsync(" 5,000 EUR");
            await composer.PressAsync("Enter");
            await fixture.PollUntilAsync(conversationId, token, a => WebCustomer.Text(a) == "Yes, invoices are fine up to 5,000 EUR");
            await fixture.WritesAgainAsync(conversationId, token, "Written after the restart");
            await Assertions.Expect(log).ToContainTextAsync("Written after the restart");
            await tabs.Filter(new() { HasText = "Rhea Restart" }).ClickAsync();
            await Assertions.Expect(log).ToContainTextAsync("Is my order safe during your update?");
        }
        finally
        {
            await node.DisposeAsync();
        }
    }

    private GatewayApp StartNode(int port)
    {
        var node = new GatewayApp(fixture.Database.ConnectionString, new Dictionary<string, string?>
        {
            ["Channels:DirectLine:Secret"] = DirectLineFixture.Secret,
            ["Channels:DirectLine:KeepAliveSeconds"] = "1",
        });
        node.UseKestrel(port);
        _ = node.BaseAddress;
        return node;
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
