using LiveChat.Gateway.Tests.DirectLine;
using Microsoft.Playwright;

namespace LiveChat.Gateway.Tests.OperatorConsole;

/// <summary>UsesChromium: the composer's # picker and private notes, typing both ways, and colleagues transferring a chat (accepted or declined).</summary>
public sealed class ConsoleCollaborationTests(DirectLineFixture fixture) : IClassFixture<DirectLineFixture>
{
    [Fact]
    public async Task TheHashPickerInsertsACannedMessageAndPrivateNotesNeverReachTheCustomer()
    {
        var admin = await fixture.App.AdminAsync();
        var department = await admin.DepartmentAsync($"Returns {Guid.NewGuid():N}");
        (await admin.Http.PostAsJsonAsync("/api/v1/canned-messages", new { shortcut = "returns", text = "You can return items within 30 days.", departmentId = department })).EnsureSuccessStatusCode();
        var account = await admin.OperatorAsync("agent", department);
        await using var browser = await ConsoleBrowser.StartAsync(fixture.App);
        var page = await browser.SignInAsync(account.Email, account.Password);
        await ConsoleBrowser.GoOnlineAsync(page);
        var (conversationId, token) = await fixture.WritesAsync(department, "Nina Noether", "Can I send the lamp back?");
        await page.GetByRole(AriaRole.Button).Filter(new() { HasText = "Can I send the lamp back?" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Pick up this chat" }).ClickAsync();
        var composer = page.GetByLabel("Message to the customer");

        await composer.PressSequentiallyAsync("Sure: #ret");
        var picker = page.GetByRole(AriaRole.Listbox, new() { Name = "Canned messages" });
        await Assertions.Expect(picker.GetByRole(AriaRole.Option)).ToContainTextAsync(["#returnsYou can return items within 30 days."]);
        await ConsoleBrowser.ScreenshotAsync(page, "console-canned.png");
        await composer.PressAsync("Enter");
        await Assertions.Expect(picker).ToHaveCountAsync(0);
        try
        {
            await Assertions.Expect(composer).ToHaveValueAsync("Sure: You can return items within 30 days.");
        }
        catch (PlaywrightException)
        {
            var texts = (await fixture.PollAsync(conversationId, token, null)).GetProperty("activities").EnumerateArray().Select(WebCustomer.Text);
            throw new Xunit.Sdk.XunitException(string.Join(" | ", texts) + "\n" + string.Join("\n", browser.Log));
        }
        await composer.PressAsync("Enter");
        await fixture.PollUntilAsync(conversationId, token, a => WebCustomer.Text(a) == "Sure: You can return items within 30 days.");

        await page.GetByRole(AriaRole.Checkbox, new() { Name = "Private note" }).CheckAsync();
        var note = page.GetByLabel("Private note to colleagues");
        await note.FillAsync("Regular customer, waive the fee");
        await note.PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Article, new() { Name = "Private note" })).ToContainTextAsync("Regular customer, waive the fee");
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "Private note" }).UncheckAsync();
        await composer.FillAsync("The label is on its way");
        await composer.PressAsync("Enter");
        var seen = await fixture.PollUntilAsync(conversationId, token, a => WebCustomer.Text(a) == "The label is on its way");
        Assert.DoesNotContain(seen, a => WebCustomer.Text(a)?.Contains("waive the fee", StringComparison.Ordinal) == true);

        await fixture.PostAsync(conversationId, token, new { type = "typing", from = new { id = "r_user1", name = "Nina Noether" } });
        await Assertions.Expect(page.GetByText("Nina Noether is typing…")).ToBeVisibleAsync();
        await ConsoleBrowser.ScreenshotAsync(page, "console-note.png");
    }

    [Fact]
    public async Task ATransferWaitsForTheColleagueWhoSeesItAcceptsItAndTakesTheChatOver()
    {
        await using var browser = await ConsoleBrowser.StartAsync(fixture.App);
        var (department, anna, ben) = await browser.TwoAgentsOnlineAsync(fixture.App, "Billing");
        var (annaPage, benPage) = (anna.Page, ben.Page);
        var (conversationId, token) = await fixture.WritesAsync(department, "Otto Invoice", "My invoice shows the wrong VAT");
        await annaPage.PickUpFromAlertAsync("Otto Invoice");
        await annaPage.GetByLabel("Message to the customer").WaitForAsync();

        await benPage.GetByRole(AriaRole.Tab, new() { Name = "Active" }).ClickAsync();
        await benPage.GetByRole(AriaRole.Button).Filter(new() { HasText = "My invoice shows the wrong VAT" }).ClickAsync();
        await Assertions.Expect(annaPage.GetByRole(AriaRole.Status).Filter(new() { HasText = "is viewing" })).ToBeVisibleAsync();

        var request = await AskToTakeOverAsync(annaPage, ben, "VAT question, you know these best");
        await Assertions.Expect(annaPage.GetByText("Transfer requested; the chat stays with you until it is accepted.")).ToBeVisibleAsync();
        await Assertions.Expect(annaPage.GetByLabel("Message to the customer")).ToBeVisibleAsync();
        await ConsoleBrowser.ScreenshotAsync(benPage, "console-transfer.png");
        await request.GetByRole(AriaRole.Button, new() { Name = "Accept" }).ClickAsync();

        await Assertions.Expect(benPage.GetByTestId("chat-state")).ToHaveTextAsync($"with {ben.Name}");
        await benPage.GetByLabel("Message to the customer").FillAsync("Hi Otto, I'll fix the VAT now.");
        await benPage.GetByLabel("Message to the customer").PressAsync("Enter");
        await fixture.PollUntilAsync(conversationId, token, a => WebCustomer.Text(a) == "Hi Otto, I'll fix the VAT now.");
        await Assertions.Expect(annaPage.GetByTestId("chat-state")).ToHaveTextAsync($"with {ben.Name}");
        await Assertions.Expect(annaPage.GetByLabel("Message to the customer")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task ADeclinedTransferLeavesTheChatWithTheSenderWhoIsToldWhy()
    {
        await using var browser = await ConsoleBrowser.StartAsync(fixture.App);
        var (department, anna, ben) = await browser.TwoAgentsOnlineAsync(fixture.App, "Decline");
        var (annaPage, benPage) = (anna.Page, ben.Page);
        var (conversationId, token) = await fixture.WritesAsync(department, "Dora Decline", "Can I change my delivery address?");
        await annaPage.PickUpFromAlertAsync("Dora Decline");
        await annaPage.GetByLabel("Message to the customer").WaitForAsync();

        var request = await AskToTakeOverAsync(annaPage, ben, "Address change, can you take it?");
        await request.GetByRole(AriaRole.Button, new() { Name = "Decline" }).ClickAsync();

        await Assertions.Expect(request).ToHaveCountAsync(0);
        await Assertions.Expect(annaPage.GetByText($"{ben.Name} declined the transfer; the chat stays with you.")).ToBeVisibleAsync();
        await Assertions.Expect(annaPage.GetByTestId("chat-state")).ToHaveTextAsync($"with {anna.Name}");
        await annaPage.GetByLabel("Message to the customer").FillAsync("Sure Dora, what is the new address?");
        await annaPage.GetByLabel("Message to the customer").PressAsync("Enter");
        var seen = await fixture.PollUntilAsync(conversationId, token, a => WebCustomer.Text(a) == "Sure Dora, what is the new address?");
        Assert.Contains(seen, a => WebCustomer.Text(a) == "Sure Dora, what is the new address?" && a.GetProperty("from").GetProperty("name").GetString() == anna.Name);

        // Ben sees the chat with Anna and may only leave notes in it.
        await benPage.GetByRole(AriaRole.Tab, new() { Name = "Active" }).ClickAsync();
        await benPage.GetByRole(AriaRole.Button).Filter(new() { HasText = "Can I change my delivery address?" }).ClickAsync();
        await Assertions.Expect(benPage.GetByTestId("chat-state")).ToHaveTextAsync($"with {anna.Name}");
        await Assertions.Expect(benPage.GetByLabel("Private note to colleagues")).ToBeVisibleAsync();
        await Assertions.Expect(benPage.GetByLabel("Message to the customer")).ToHaveCountAsync(0);
    }

    /// <summary>The open chat's owner asks <paramref name="to"/> to take it over; returns the request as it pops up on their screen.</summary>
    private static async Task<ILocator> AskToTakeOverAsync(IPage from, ConsoleOperator to, string note)
    {
        await from.GetByRole(AriaRole.Button, new() { Name = "Transfer" }).ClickAsync();
        var form = from.GetByRole(AriaRole.Form, new() { Name = "Transfer this chat" });
        await form.GetByLabel("Operator").SelectOptionAsync(new SelectOptionValue { Label = $"{to.Name} (0/3 chats)" });
        await form.GetByLabel("Message to them").FillAsync(note);
        await form.GetByRole(AriaRole.Button, new() { Name = "Ask to take over" }).ClickAsync();
        var request = to.Page.GetByRole(AriaRole.Alertdialog).Filter(new() { HasText = "Transfer from" });
        await Assertions.Expect(request).ToContainTextAsync(note);
        return request;
    }
}
