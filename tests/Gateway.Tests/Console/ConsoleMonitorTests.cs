using LiveChat.Gateway.Tests.Routing;
using Microsoft.Playwright;

namespace LiveChat.Gateway.Tests.OperatorConsole;

/// <summary>UsesChromium: the supervisor's live monitor.</summary>
public sealed class ConsoleMonitorTests(RoutingFixture fixture) : IClassFixture<RoutingFixture>
{
    [Fact]
    public async Task ASupervisorSeesWhoHasWhichChatAndReassignsOne()
    {
        var admin = await fixture.App.AdminAsync();
        var department = await admin.DepartmentAsync($"Monitor {Guid.NewGuid():N}");
        var supervisor = await admin.OperatorAsync("supervisor", department);
        var first = await fixture.App.OnlineAsync(admin, "agent", department);
        var second = await fixture.App.OnlineAsync(admin, "agent", department);
        var firstName = (await first.Http.GetFromJsonAsync<OperatorView>("/api/v1/operators/me"))!.Name;
        var secondName = (await second.Http.GetFromJsonAsync<OperatorView>("/api/v1/operators/me"))!.Name;
        var key = $"49{Random.Shared.NextInt64(100_000_000, 999_999_999)}";
        var chatId = await fixture.QueueChatAsync(department, "My parcel never arrived", key);
        (await first.PostAsync($"/api/v1/chats/{chatId}/pickup")).EnsureSuccessStatusCode();
        var waiting = await fixture.QueueChatAsync(department, "Is anyone there?");

        await using var browser = await ConsoleBrowser.StartAsync(fixture.App);
        var page = await browser.SignInAsync(supervisor.Email, supervisor.Password);
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Supervisor screens" }).GetByRole(AriaRole.Link, new() { Name = "Monitor" }).ClickAsync();

        var queued = page.GetByRole(AriaRole.Region, new() { Name = "Queued (1)" });
        await Assertions.Expect(queued).ToBeVisibleAsync(new() { Timeout = 20_000 });
        var firstsChats = page.GetByRole(AriaRole.Region, new() { Name = $"{firstName} (1)" });
        await Assertions.Expect(firstsChats.GetByRole(AriaRole.Row).Filter(new() { HasText = $"+{key}" })).ToContainTextAsync("whatsapp");
        var departments = page.GetByRole(AriaRole.Region, new() { Name = "Departments" });
        await Assertions.Expect(departments.GetByRole(AriaRole.Row).Filter(new() { HasText = "Monitor " })).ToContainTextAsync("1");
        await Assertions.Expect(page.GetByRole(AriaRole.Region, new() { Name = "Operators" }).GetByRole(AriaRole.Row).Filter(new() { HasText = firstName }))
            .ToContainTextAsync("1 / 3");
        await SupervisorScreens.SettledAsync(page);
        await ConsoleBrowser.ScreenshotAsync(page, "console-monitor.png");
        await ConsoleBrowser.AssertAccessibleAsync(page, "monitor");

        await firstsChats.GetByRole(AriaRole.Button, new() { Name = $"Reassign the chat with +{key}" }).ClickAsync();
        var form = page.GetByRole(AriaRole.Form, new() { Name = "Reassign" });
        await form.GetByLabel("Operator").SelectOptionAsync(second.Id);
        await form.GetByRole(AriaRole.Button, new() { Name = "Reassign now" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Region, new() { Name = $"{secondName} (1)" }).GetByRole(AriaRole.Row).Filter(new() { HasText = $"+{key}" }))
            .ToBeVisibleAsync();
        var chat = await second.ChatAsync(chatId);
        Assert.Contains(chat.GetProperty("participants").EnumerateArray(),
            p => p.GetProperty("id").GetString() == second.Id && p.GetProperty("role").GetString() == "owner" && !(p.TryGetProperty("leftAt", out var left) && left.ValueKind != JsonValueKind.Null));
        Assert.Equal("queued", (await second.ChatAsync(waiting)).GetProperty("state").GetString());
    }

    [Fact]
    public async Task ASupervisorOpensAChatFromTheMonitorJoinsItAndAnswersTheCustomer()
    {
        var admin = await fixture.App.AdminAsync();
        var department = await admin.DepartmentAsync($"Join {Guid.NewGuid():N}");
        var supervisor = await admin.OperatorAsync("supervisor", department);
        var agent = await fixture.App.OnlineAsync(admin, "agent", department);
        var key = $"49{Random.Shared.NextInt64(100_000_000, 999_999_999)}";
        var chatId = await fixture.QueueChatAsync(department, "I want to speak to a manager", key);
        (await agent.PostAsync($"/api/v1/chats/{chatId}/pickup")).EnsureSuccessStatusCode();

        await using var browser = await ConsoleBrowser.StartAsync(fixture.App);
        var page = await browser.SignInAsync(supervisor.Email, supervisor.Password);
        await ConsoleBrowser.GoOnlineAsync(page);
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Supervisor screens" }).GetByRole(AriaRole.Link, new() { Name = "Monitor" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = $"Open the chat with +{key}" }).ClickAsync();

        // Not in the chat: a note to colleagues only, and Join.
        await Assertions.Expect(page.GetByLabel("Private note to colleagues")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await page.GetByRole(AriaRole.Button, new() { Name = "Join", Exact = true }).ClickAsync();
        var reply = page.GetByLabel("Message to the customer");
        await Assertions.Expect(reply).ToBeVisibleAsync();
        await reply.FillAsync("This is the team lead: your refund is on its way.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send", Exact = true }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Log).GetByText("This is the team lead: your refund is on its way.")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Log).GetByText(new System.Text.RegularExpressions.Regex("supervisor .+ joined the chat"))).ToBeVisibleAsync();
        var chat = await agent.ChatAsync(chatId);
        Assert.Contains(chat.GetProperty("participants").EnumerateArray(), p => p.GetProperty("id").GetString() == supervisor.Id && p.GetProperty("role").GetString() == "invited");
        Assert.Contains("This is the team lead: your refund is on its way.", await fixture.QueryAsync<string>(
            "SELECT text FROM messages WHERE chat_id = @chatId AND sender_kind = 'operator'", new { chatId }));
    }
}
