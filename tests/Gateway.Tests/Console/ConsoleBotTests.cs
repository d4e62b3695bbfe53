using LiveChat.Gateway.Tests.Bots;
using Microsoft.Playwright;

namespace LiveChat.Gateway.Tests.OperatorConsole;

/// <summary>UsesChromium: a web customer's chat that a bot (a stub) handed over is answered in the console and handed back to the bot.</summary>
public sealed class ConsoleBotTests(BotFixture fixture) : IClassFixture<BotFixture>
{
    [Fact]
    public async Task AnOperatorTakesOverFromTheBotAndHandsTheChatBackToIt()
    {
        var (conversationId, token, chatId) = await fixture.VisitorWritesAsync("I want a refund for order 3141");
        await fixture.EchoSaysAsync(chatId, "Let me find a human for you.");
        (await fixture.Echo().PostAsJsonAsync($"/v3/conversations/{chatId}/activities", new { type = "event", name = "handoff.initiate" })).EnsureSuccessStatusCode();
        var admin = await fixture.App.AdminAsync();
        var department = (await admin.Http.GetFromJsonAsync<JsonElement>($"/api/v1/chats/{chatId}")).GetProperty("departmentId").GetString()!;
        var account = await admin.OperatorAsync("supervisor", department);
        await using var browser = await ConsoleBrowser.StartAsync(fixture.App);
        var page = await browser.SignInAsync(account.Email, account.Password);
        await ConsoleBrowser.GoOnlineAsync(page);

        await page.GetByRole(AriaRole.Button).Filter(new() { HasText = "I want a refund for order 3141" }).ClickAsync();
        var log = page.GetByRole(AriaRole.Log, new() { Name = "Messages" });
        await Assertions.Expect(log).ToContainTextAsync("Let me find a human for you.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Pick up this chat" }).ClickAsync();
        var composer = page.GetByLabel("Message to the customer");
        await composer.FillAsync("Refund done; the bot can take it from here");
        await composer.PressAsync("Enter");
        await fixture.PollUntilAsync(conversationId, token, a => WebCustomer.Text(a) == "Refund done; the bot can take it from here");

        await page.GetByRole(AriaRole.Button, new() { Name = "Hand back to bot" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("chat-state")).ToHaveTextAsync("with a bot");
        await Assertions.Expect(composer).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Hand back to bot" })).ToHaveCountAsync(0);

        await fixture.WritesAgainAsync(conversationId, token, "Thanks! One more question for the bot");
        await fixture.EchoReceivesAsync(a => BotFixture.IsMessage(a, "Thanks! One more question for the bot"));
        await Assertions.Expect(log).ToContainTextAsync("Thanks! One more question for the bot");
        await ConsoleBrowser.AssertAccessibleAsync(page, "chat with a bot");
    }
}
