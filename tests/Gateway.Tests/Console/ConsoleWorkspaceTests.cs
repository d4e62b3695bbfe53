using LiveChat.Gateway.Tests.DirectLine;
using Microsoft.Playwright;

namespace LiveChat.Gateway.Tests.OperatorConsole;

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
        // No bot ever answered this chat, so there is none to hand it back to.
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Transfer" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Hand back to bot" })).ToHaveCountAsync(0);
        var composer = page.GetByLabel("Message to the customer");
        await composer.FillAsync("So sorry! <b>Checking</b> 4711 now.");
        await composer.PressAsync("Enter");

        await log.GetByText("So sorry! <b>Checking</b> 4711 now.").WaitForAsync();
        var seen = await fixture.PollUntilAsync(conversationId, token, a => a.TryGetProperty("text", out var t) && t.GetString() == "So sorry! <b>Checking</b> 4711 now.");
        Assert.Contains(seen, a => a.GetProperty("from").GetProperty("name").GetString() == "Administrator");
        await Assertions.Expect(composer).ToHaveValueAsync(string.Empty);
        await ConsoleBrowser.ScreenshotAsync(page, "console-conversation.png");
    }

    [Fact]
    public async Task AnOfferedChatIsAcceptedFromItsPopupAndEndsAfterACountdownTheOperatorCanSee()
    {
        var admin = await fixture.App.AdminAsync();
        var department = await admin.DepartmentAsync($"Offers {Guid.NewGuid():N}");
        Assert.Equal(HttpStatusCode.OK, (await admin.Http.PutAsJsonAsync($"/api/v1/departments/{department}/routing", new { mode = "roundRobin" })).StatusCode);
        var account = await admin.OperatorAsync("agent", department);
        await using var browser = await ConsoleBrowser.StartAsync(fixture.App);
        var page = await browser.SignInAsync(account.Email, account.Password);
        await ConsoleBrowser.GoOnlineAsync(page);

        var (conversationId, token, _) = await fixture.StartAsync("Omar Offer");
        await fixture.PostAsync(conversationId, token, new
        {
            type = "message",
            from = new { id = "r_user1", name = "Omar Offer" },
            text = "Do you ship to Oslo?",
            channelData = new { visitor = new { departmentId = department } },
        });

        var offer = page.GetByRole(AriaRole.Alertdialog, new() { Name = "Chat offered: Omar Offer" });
        await Assertions.Expect(offer).ToContainTextAsync("Do you ship to Oslo?");
        await Assertions.Expect(offer.GetByRole(AriaRole.Timer)).ToContainTextAsync("s left");
        await offer.GetByRole(AriaRole.Button, new() { Name = "Accept" }).ClickAsync();
        await Assertions.Expect(offer).ToHaveCountAsync(0);
        await page.GetByLabel("Message to the customer").WaitForAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "End the chat" }).ClickAsync();
        await page.GetByRole(AriaRole.Menuitem, new() { Name = "After 30 s of silence" }).ClickAsync();
        var countdown = page.GetByRole(AriaRole.Timer).Filter(new() { HasText = "Ends in" });
        await Assertions.Expect(countdown).ToContainTextAsync("unless the customer writes");
        await Assertions.Expect(page.GetByTestId("chat-state")).ToHaveTextAsync("ending");
        await ConsoleBrowser.ScreenshotAsync(page, "console-ending.png");

        // Let the countdown run a few seconds, then the customer writes: it starts again from 30 s.
        await Assertions.Expect(countdown).ToContainTextAsync(new System.Text.RegularExpressions.Regex("Ends in (1[0-9]|2[0-6]) s"), new() { Timeout = 30_000 });
        await fixture.PostAsync(conversationId, token, new { type = "message", from = new { id = "r_user1", name = "Omar Offer" }, text = "One more thing!" });
        await Assertions.Expect(page.GetByRole(AriaRole.Log, new() { Name = "Messages" })).ToContainTextAsync("One more thing!");
        await Assertions.Expect(countdown).ToContainTextAsync(new System.Text.RegularExpressions.Regex("Ends in (2[7-9]|30) s"));
    }
}
