using LiveChat.Gateway.Tests.DirectLine;
using LiveChat.Gateway.Tests.Routing;
using Microsoft.Playwright;

namespace LiveChat.Gateway.Tests.OperatorConsole;

/// <summary>UsesChromium: tags and summaries in the visitor panel, invite and leave, reassign, end now, and the keyboard.</summary>
public sealed class ConsoleActionTests(DirectLineFixture fixture) : IClassFixture<DirectLineFixture>
{
    [Fact]
    public async Task TagsAreAddedAndRemovedAndSummariesAreMadeOnDemandAndAutomatically()
    {
        var admin = await fixture.App.AdminAsync();
        var department = await admin.DepartmentAsync($"Panel {Guid.NewGuid():N}");
        var account = await admin.OperatorAsync("agent", department);
        await using var browser = await ConsoleBrowser.StartAsync(fixture.App);
        var page = await browser.SignInAsync(account.Email, account.Password);
        await ConsoleBrowser.GoOnlineAsync(page);
        var (conversationId, token) = await fixture.WritesAsync(department, "Tom Tagged", "My order 5521 was charged twice");
        await page.PickUpFromAlertAsync("Tom Tagged");

        var panel = page.GetByRole(AriaRole.Tabpanel, new() { Name = "Visitor" });
        await panel.GetByLabel("Add a tag").FillAsync("VIP");
        await panel.GetByLabel("Add a tag").PressAsync("Enter");
        await panel.GetByLabel("Add a tag").FillAsync("Billing");
        await panel.GetByLabel("Add a tag").PressAsync("Enter");
        await Assertions.Expect(panel.GetByRole(AriaRole.Button, new() { Name = "Remove tag VIP" })).ToBeVisibleAsync();
        await Assertions.Expect(panel.GetByRole(AriaRole.Button, new() { Name = "Remove tag Billing" })).ToBeVisibleAsync();
        await panel.GetByRole(AriaRole.Button, new() { Name = "Remove tag VIP" }).ClickAsync();
        await Assertions.Expect(panel.GetByRole(AriaRole.Button, new() { Name = "Remove tag VIP" })).ToHaveCountAsync(0);
        var chatId = await fixture.ChatIdAsync(conversationId);
        var tags = (await admin.ChatAsync(chatId)).GetProperty("tags").EnumerateArray().Select(t => t.GetString()).ToList();
        Assert.Equal(["Billing"], tags);
        await ConsoleBrowser.AssertAccessibleAsync(page, "visitor panel");

        await page.GetByRole(AriaRole.Tab, new() { Name = "Summary" }).ClickAsync();
        var summary = page.GetByRole(AriaRole.Tabpanel, new() { Name = "Summary" });
        await Assertions.Expect(summary).ToContainTextAsync("No summary yet");
        await summary.GetByRole(AriaRole.Button, new() { Name = "Summarise now" }).ClickAsync();
        await Assertions.Expect(summary.GetByTestId("summary-text")).ToContainTextAsync("5521");
        await Assertions.Expect(summary).ToContainTextAsync("Builtin");
        await ConsoleBrowser.AssertAccessibleAsync(page, "summary");

        // Ending the chat makes the closing summary on its own; it replaces the one made by hand and shows here.
        await fixture.WritesAgainAsync(conversationId, token, "Also parcel 7788 is missing");
        await Assertions.Expect(page.GetByRole(AriaRole.Log, new() { Name = "Messages" })).ToContainTextAsync("parcel 7788");
        await page.GetByRole(AriaRole.Button, new() { Name = "End the chat" }).ClickAsync();
        await page.GetByRole(AriaRole.Menuitem, new() { Name = "End now" }).ClickAsync();
        await Assertions.Expect(summary.GetByTestId("summary-text")).ToContainTextAsync("7788", new() { Timeout = 30_000 });
    }

    [Fact]
    public async Task TheVisitorPanelShowsTheCustomersEmailPageCountryBrowserAndOs()
    {
        var admin = await fixture.App.AdminAsync();
        var department = await admin.DepartmentAsync($"Visitor {Guid.NewGuid():N}");
        var account = await admin.OperatorAsync("agent", department);
        var (conversationId, token, _) = await fixture.StartAsync("Olga Oslo");
        var widget = fixture.Client(token);
        widget.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36");
        widget.DefaultRequestHeaders.Add("CF-IPCountry", "NO");
        (await widget.PostAsJsonAsync($"/v3/directline/conversations/{conversationId}/activities", new
        {
            type = "message",
            from = new { id = "r_user1", name = "Olga Oslo" },
            text = "Do the boots come in 39?",
            channelData = new { visitor = new { departmentId = department, email = "olga@example.test", page = "https://shop.example.test/boots/arctic", pageTitle = "Arctic boots" } },
        })).EnsureSuccessStatusCode();
        await using var browser = await ConsoleBrowser.StartAsync(fixture.App);
        var page = await browser.SignInAsync(account.Email, account.Password);

        await page.GetByRole(AriaRole.Button).Filter(new() { HasText = "Do the boots come in 39?" }).ClickAsync();
        var panel = page.GetByRole(AriaRole.Tabpanel, new() { Name = "Visitor" });
        await Assertions.Expect(panel).ToContainTextAsync("olga@example.test");
        await Assertions.Expect(panel.GetByRole(AriaRole.Link, new() { Name = "Arctic boots" })).ToHaveAttributeAsync("href", "https://shop.example.test/boots/arctic");
        await Assertions.Expect(panel).ToContainTextAsync("\U0001F1F3\U0001F1F4 NO");
        await Assertions.Expect(panel).ToContainTextAsync("Chrome");
        await Assertions.Expect(panel).ToContainTextAsync("Windows");
    }

    [Fact]
    public async Task AColleagueDeclinesOneInvitationAcceptsTheNextWritesAlongsideTheOwnerAndLeaves()
    {
        await using var browser = await ConsoleBrowser.StartAsync(fixture.App);
        var (department, anna, ben) = await browser.TwoAgentsOnlineAsync(fixture.App, "Invite");
        var (annaPage, benPage) = (anna.Page, ben.Page);
        var (conversationId, token) = await fixture.WritesAsync(department, "Ines Invite", "The warranty claim form fails");
        await annaPage.PickUpFromAlertAsync("Ines Invite");

        var invitation = benPage.GetByRole(AriaRole.Alertdialog, new() { Name = $"Invitation from {anna.Name}" });
        async Task InviteBenAsync(string note)
        {
            await annaPage.GetByRole(AriaRole.Button, new() { Name = "Invite", Exact = true }).ClickAsync();
            var form = annaPage.GetByRole(AriaRole.Form, new() { Name = "Invite a colleague" });
            await form.GetByLabel("Operator").SelectOptionAsync(new SelectOptionValue { Label = $"{ben.Name} (0/3 chats)" });
            await form.GetByLabel("Message to them").FillAsync(note);
            await form.GetByRole(AriaRole.Button, new() { Name = "Send invitation" }).ClickAsync();
            await Assertions.Expect(invitation).ToContainTextAsync(note);
        }

        await InviteBenAsync("Got a minute for a warranty question?");
        await invitation.GetByRole(AriaRole.Button, new() { Name = "Decline" }).ClickAsync();
        await Assertions.Expect(invitation).ToHaveCountAsync(0);
        await Assertions.Expect(annaPage.GetByText("declined your invitation.")).ToBeVisibleAsync();
        await Assertions.Expect(benPage.GetByLabel("Message to the customer")).ToHaveCountAsync(0);

        await InviteBenAsync("You built the warranty form, can you help?");
        await invitation.GetByRole(AriaRole.Button, new() { Name = "Accept" }).ClickAsync();
        var benComposer = benPage.GetByLabel("Message to the customer");
        await benComposer.FillAsync("Hi Ines, I'm fixing the form now");
        await benComposer.PressAsync("Enter");
        var seen = await fixture.PollUntilAsync(conversationId, token, a => WebCustomer.Text(a) == "Hi Ines, I'm fixing the form now");
        Assert.Contains(seen, a => WebCustomer.Text(a) == "Hi Ines, I'm fixing the form now" && a.GetProperty("from").GetProperty("name").GetString() == ben.Name);
        await Assertions.Expect(annaPage.GetByRole(AriaRole.Log, new() { Name = "Messages" })).ToContainTextAsync("Hi Ines, I'm fixing the form now");
        await Assertions.Expect(annaPage.GetByLabel("Message to the customer")).ToBeVisibleAsync();
        await Assertions.Expect(annaPage.GetByTestId("chat-state")).ToHaveTextAsync($"with {anna.Name}");

        await benPage.GetByRole(AriaRole.Button, new() { Name = "Leave" }).ClickAsync();
        await Assertions.Expect(benComposer).ToHaveCountAsync(0);
        await Assertions.Expect(benPage.GetByLabel("Private note to colleagues")).ToBeVisibleAsync();
        await Assertions.Expect(annaPage.GetByLabel("Message to the customer")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task ASupervisorReassignsAChatToAnotherOperatorAtOnce()
    {
        var admin = await fixture.App.AdminAsync();
        var department = await admin.DepartmentAsync($"Reassign {Guid.NewGuid():N}");
        var supervisor = await admin.OperatorAsync("supervisor", department);
        var anna = await fixture.App.OnlineAsync(admin, "agent", department);
        var ben = await admin.OperatorAsync("agent", department);
        var (conversationId, token) = await fixture.WritesAsync(department, "Rolf Reassign", "Can someone call me back?");
        var chatId = await fixture.ChatIdAsync(conversationId);
        (await anna.Http.PostAsync($"/api/v1/chats/{chatId}/pickup", null)).EnsureSuccessStatusCode();
        await using var browser = await ConsoleBrowser.StartAsync(fixture.App);
        var benPage = await browser.SignInAsync(ben.Email, ben.Password);
        await ConsoleBrowser.GoOnlineAsync(benPage);
        var page = await browser.SignInAsync(supervisor.Email, supervisor.Password);

        await page.GetByRole(AriaRole.Tab, new() { Name = "Active" }).ClickAsync();
        await page.GetByRole(AriaRole.Button).Filter(new() { HasText = "Can someone call me back?" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Reassign", Exact = true }).ClickAsync();
        var form = page.GetByRole(AriaRole.Form, new() { Name = "Reassign this chat" });
        await form.GetByLabel("Operator").SelectOptionAsync(new SelectOptionValue { Label = $"{WebCustomer.Name(ben.Email)} (0/3 chats)" });
        await ConsoleBrowser.AssertAccessibleAsync(page, "reassign");
        await form.GetByRole(AriaRole.Button, new() { Name = "Reassign now" }).ClickAsync();

        await Assertions.Expect(page.GetByTestId("chat-state")).ToHaveTextAsync($"with {WebCustomer.Name(ben.Email)}");
        await benPage.GetByRole(AriaRole.Tab, new() { Name = "My chats" }).ClickAsync();
        await benPage.GetByRole(AriaRole.List, new() { Name = "My chats" }).GetByRole(AriaRole.Button).Filter(new() { HasText = "Can someone call me back?" }).ClickAsync();
        await benPage.GetByLabel("Message to the customer").FillAsync("Calling you in five minutes");
        await benPage.GetByLabel("Message to the customer").PressAsync("Enter");
        await fixture.PollUntilAsync(conversationId, token, a => WebCustomer.Text(a) == "Calling you in five minutes");
    }

    [Fact]
    public async Task TheKeyboardPicksUpMovesBetweenChatsFocusesTheComposerAndEndsTheChat()
    {
        var admin = await fixture.App.AdminAsync();
        var department = await admin.DepartmentAsync($"Keys {Guid.NewGuid():N}");
        var account = await admin.OperatorAsync("agent", department);
        var (firstConversation, firstToken) = await fixture.WritesAsync(department, "Karl Keys", "Question from Karl");
        await fixture.WritesAsync(department, "Kim Keys", "Question from Kim");
        await using var browser = await ConsoleBrowser.StartAsync(fixture.App);
        var page = await browser.SignInAsync(account.Email, account.Password);
        await ConsoleBrowser.GoOnlineAsync(page);
        var heading = page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Heading, new() { Level = 1 });
        var composer = page.GetByLabel("Message to the customer");

        await page.Keyboard.PressAsync("Alt+p");
        await Assertions.Expect(heading).ToHaveTextAsync("Karl Keys");
        await Assertions.Expect(page.GetByTestId("chat-state")).ToHaveTextAsync($"with {WebCustomer.Name(account.Email)}");
        await page.GetByRole(AriaRole.Log, new() { Name = "Messages" }).ClickAsync();
        await page.Keyboard.PressAsync("Alt+p");
        await Assertions.Expect(heading).ToHaveTextAsync("Kim Keys");
        await Assertions.Expect(page.GetByRole(AriaRole.Tablist, new() { Name = "Open chats" }).GetByRole(AriaRole.Tab)).ToHaveCountAsync(2);

        await page.Keyboard.PressAsync("Alt+ArrowDown");
        await Assertions.Expect(heading).ToHaveTextAsync("Karl Keys");
        await page.Keyboard.PressAsync("Alt+ArrowDown");
        await Assertions.Expect(heading).ToHaveTextAsync("Kim Keys");
        await page.Keyboard.PressAsync("Alt+ArrowUp");
        await Assertions.Expect(heading).ToHaveTextAsync("Karl Keys");

        await page.GetByRole(AriaRole.Log, new() { Name = "Messages" }).ClickAsync();
        await Assertions.Expect(composer).Not.ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Alt+c");
        await Assertions.Expect(composer).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("Typed without the mouse");
        await page.Keyboard.PressAsync("Enter");
        await fixture.PollUntilAsync(firstConversation, firstToken, a => WebCustomer.Text(a) == "Typed without the mouse");

        await page.Keyboard.PressAsync("Alt+e");
        await Assertions.Expect(page.GetByTestId("chat-state")).ToHaveTextAsync("ended");
        await Assertions.Expect(composer).ToHaveCountAsync(0);

        await page.GetByRole(AriaRole.Log, new() { Name = "Messages" }).ClickAsync();
        await page.Keyboard.PressAsync("?");
        var help = page.GetByRole(AriaRole.Dialog, new() { Name = "Keyboard shortcuts" });
        foreach (var shortcut in new[] { "Next open chat", "Pick up the chat that has waited longest", "Write in the open chat", "End the open chat now" })
        {
            await Assertions.Expect(help).ToContainTextAsync(shortcut);
        }

        await ConsoleBrowser.AssertAccessibleAsync(page, "keyboard help");
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(help).ToHaveCountAsync(0);

        var tabs = page.GetByRole(AriaRole.Tablist, new() { Name = "Open chats" }).GetByRole(AriaRole.Tab);
        await page.Keyboard.PressAsync("Alt+w");
        await Assertions.Expect(tabs).ToHaveCountAsync(1);
        await Assertions.Expect(heading).ToHaveTextAsync("Kim Keys");
        await page.Keyboard.PressAsync("Alt+w");
        await Assertions.Expect(tabs).ToHaveCountAsync(0);

        await page.Keyboard.PressAsync("Alt+f");
        await Assertions.Expect(page.GetByLabel("Search chats")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("Karl");
        await page.GetByRole(AriaRole.Listbox, new() { Name = "Search results" }).GetByRole(AriaRole.Option).Filter(new() { HasText = "Question from Karl" }).ClickAsync();
        await Assertions.Expect(heading).ToHaveTextAsync("Karl Keys");
        await Assertions.Expect(page.GetByRole(AriaRole.Log, new() { Name = "Messages" })).ToContainTextAsync("Typed without the mouse");
    }
}
