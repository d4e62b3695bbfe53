using LiveChat.Gateway.Tests.DirectLine;
using Microsoft.Playwright;

namespace LiveChat.Gateway.Tests.Console;

/// <summary>UsesChromium: an operator works in the console while a real Direct Line customer writes on the other side.</summary>
public sealed class ConsoleWorkspaceTests(DirectLineFixture fixture) : IClassFixture<DirectLineFixture>
{
    [Fact]
    public async Task OperatorPicksUpAnIncomingChatFromTheAlertAndTheCustomerReadsTheReply()
    {
        await using var browser = await ConsoleBrowser.StartAsync(fixture.App);
        IPage page;
        try
        {
            page = await browser.SignInAsync(GatewayApp.AdminEmail, GatewayApp.AdminPassword);
        }
        catch (TimeoutException)
        {
            foreach (var open in browser.Pages) { await ConsoleBrowser.ScreenshotAsync(open, "failed.png"); }
            throw new Xunit.Sdk.XunitException(string.Join("\n", browser.Log));
        }
        await ConsoleBrowser.GoOnlineAsync(page);

        var (conversationId, token, _) = await fixture.StartAsync("Ada Lovelace");
        await fixture.PostAsync(conversationId, token, new { type = "message", from = new { id = "r_user1", name = "Ada Lovelace" }, text = "My parcel 4711 never arrived" });

        var alert = page.GetByRole(AriaRole.Alertdialog, new() { Name = "Incoming chat: Ada Lovelace" });
        await alert.GetByText("My parcel 4711 never arrived").WaitForAsync();
        await ConsoleBrowser.ScreenshotAsync(page, "console-incoming.png");
        await alert.GetByRole(AriaRole.Button, new() { Name = "Pick up" }).ClickAsync();

        var log = page.GetByRole(AriaRole.Log, new() { Name = "Messages" });
        await log.GetByText("My parcel 4711 never arrived").WaitForAsync();
        await Assertions.Expect(alert).ToHaveCountAsync(0);
        var composer = page.GetByLabel("Message to the customer");
        await composer.FillAsync("So sorry! <b>Checking</b> 4711 now.");
        await composer.PressAsync("Enter");

        await log.GetByText("So sorry! <b>Checking</b> 4711 now.").WaitForAsync();
        var seen = await fixture.PollUntilAsync(conversationId, token, a => a.TryGetProperty("text", out var t) && t.GetString() == "So sorry! <b>Checking</b> 4711 now.");
        Assert.Contains(seen, a => a.GetProperty("from").GetProperty("name").GetString() == "Administrator");
        await Assertions.Expect(composer).ToHaveValueAsync(string.Empty);
        await ConsoleBrowser.ScreenshotAsync(page, "console-conversation.png");
    }
}
