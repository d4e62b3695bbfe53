using LiveChat.Gateway.Tests.Admin;
using LiveChat.Gateway.Tests.Tickets;
using Microsoft.Playwright;

namespace LiveChat.Gateway.Tests.OperatorConsole;

/// <summary>UsesChromium: the admin settings screens (overview, departments, operators, canned messages, tickets) and who may see them.</summary>
public sealed class ConsoleAdminTests(AdminFixture fixture) : IClassFixture<AdminFixture>
{
    [Fact]
    public async Task AnAdminSeesTheOverviewWithoutSecretsAndCreatesAnOperatorWhoThenSignsIn()
    {
        var admin = await fixture.App.AdminAsync();
        var department = await admin.DepartmentAsync($"Onboarding {Guid.NewGuid():N}");
        var departmentName = (await admin.Http.GetFromJsonAsync<List<DepartmentView>>("/api/v1/departments"))!.Single(d => d.Id == department).Name;
        await using var browser = await ConsoleBrowser.StartAsync(fixture.App);
        var page = await browser.SignInAsync(GatewayApp.AdminEmail, GatewayApp.AdminPassword);

        await page.GetByRole(AriaRole.Navigation, new() { Name = "Supervisor screens" }).GetByRole(AriaRole.Link, new() { Name = "Settings" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Settings: Overview" })).ToBeVisibleAsync();
        var channels = page.GetByRole(AriaRole.Region, new() { Name = "Channels" });
        await Assertions.Expect(channels.GetByRole(AriaRole.Row).Filter(new() { HasText = "Web widget (Direct Line)" })).ToContainTextAsync("Channels:DirectLine:Secret: set");
        await Assertions.Expect(page.GetByRole(AriaRole.Region, new() { Name = "Bots" }).GetByRole(AriaRole.Row).Filter(new() { HasText = "Frontdesk" }))
            .ToContainTextAsync("new chats of every department on instagram");
        await Assertions.Expect(page.GetByRole(AriaRole.Region, new() { Name = "Helpdesk" })).ToContainTextAsync("Zendesk");
        var text = await page.Locator("main").InnerTextAsync();
        Assert.DoesNotContain(AdminFixture.DirectLineSecret, text, StringComparison.Ordinal);
        Assert.DoesNotContain(AdminFixture.ZendeskToken, text, StringComparison.Ordinal);
        await ReadyForPictureAsync(page, "console-admin-overview.png", "admin overview");

        await Section(page, "Operators");
        var email = $"new-agent-{Guid.NewGuid():N}@example.test";
        var form = page.GetByRole(AriaRole.Form, new() { Name = "New operator" });
        await form.GetByLabel("Name").FillAsync("Olga Onboarded");
        await form.GetByLabel("Email").FillAsync(email);
        await form.GetByLabel("Password").FillAsync("first-password-1");
        await form.GetByLabel("Role").SelectOptionAsync("agent");
        await form.GetByLabel("Max concurrent chats").FillAsync("4");
        await form.GetByRole(AriaRole.Checkbox, new() { Name = departmentName }).CheckAsync();
        await form.GetByRole(AriaRole.Button, new() { Name = "Create operator" }).ClickAsync();

        var row = OperatorRow(page, email);
        await Assertions.Expect(row).ToContainTextAsync(departmentName);
        await Assertions.Expect(row).ToContainTextAsync("Olga Onboarded");
        await ReadyForPictureAsync(page, "console-admin-operators.png", "admin operators");
        var created = await browser.SignInAsync(email, "first-password-1");
        await Assertions.Expect(created.GetByText("Olga Onboarded (agent)")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task APasswordResetHereWorksAndADisabledOperatorIsToldSoOnTheSignInForm()
    {
        var admin = await fixture.App.AdminAsync();
        var account = await admin.OperatorAsync("agent");
        await using var browser = await ConsoleBrowser.StartAsync(fixture.App);
        var page = await browser.SignInAsync(GatewayApp.AdminEmail, GatewayApp.AdminPassword);
        await page.GotoAsync(new Uri(browser.Gateway, "console/admin/operators").ToString());
        var row = OperatorRow(page, account.Email);
        var name = (await admin.Http.GetFromJsonAsync<List<OperatorView>>("/api/v1/operators"))!.Single(o => o.Id == account.Id).Name;

        await row.GetByRole(AriaRole.Button, new() { Name = $"Reset password for {name}" }).ClickAsync();
        var reset = row.GetByRole(AriaRole.Form, new() { Name = $"New password for {name}" });
        await reset.GetByLabel("New password").FillAsync("reset-password-2");
        await reset.GetByRole(AriaRole.Button, new() { Name = "Set password" }).ClickAsync();
        await Assertions.Expect(reset).ToHaveCountAsync(0);
        await row.GetByRole(AriaRole.Button, new() { Name = $"Disable {name}" }).ClickAsync();
        await Assertions.Expect(row).ToContainTextAsync("disabled");
        await Assertions.Expect(row.GetByRole(AriaRole.Button, new() { Name = $"Enable {name}" })).ToBeVisibleAsync();

        var signIn = await browser.NewPageAsync();
        await signIn.GotoAsync(new Uri(browser.Gateway, "console/").ToString());
        await signIn.GetByLabel("Email").FillAsync(account.Email);
        await signIn.GetByLabel("Password").FillAsync("reset-password-2");
        await signIn.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        // "disabled" is said only to the right password: the reset took.
        await Assertions.Expect(signIn.GetByRole(AriaRole.Alert)).ToHaveTextAsync("This operator is disabled; an admin can enable it again.");
        var old = await fixture.App.Anonymous().PostAsJsonAsync("/api/v1/auth/token", new { email = account.Email, password = account.Password });
        Assert.Equal("The email or password is wrong.", (await old.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task AnAdminRenamesADepartmentAndMakesItTheDefault()
    {
        var admin = await fixture.App.AdminAsync();
        await using var browser = await ConsoleBrowser.StartAsync(fixture.App);
        var page = await browser.SignInAsync(GatewayApp.AdminEmail, GatewayApp.AdminPassword);
        await page.GotoAsync(new Uri(browser.Gateway, "console/admin/departments").ToString());
        var name = $"Wholesale {Guid.NewGuid().ToString("N")[..8]}";
        var renamed = $"B2B {Guid.NewGuid().ToString("N")[..8]}";

        await page.GetByLabel("Name of a new department").FillAsync(name);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create department" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = $"Rename {name}" }).ClickAsync();
        var rename = page.GetByRole(AriaRole.Form, new() { Name = $"Rename {name}" });
        await rename.GetByLabel("New name").FillAsync(renamed);
        await rename.GetByRole(AriaRole.Button, new() { Name = "Save name" }).ClickAsync();
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = renamed });
        await row.GetByRole(AriaRole.Button, new() { Name = $"Make default: {renamed}" }).ClickAsync();
        await row.GetByLabel($"Routing of {renamed}").SelectOptionAsync("leastLoaded");

        await Assertions.Expect(row.GetByText("Default", new() { Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = "Default", Exact = true })).ToHaveCountAsync(1);
        await page.ReloadAsync();
        await Assertions.Expect(row.GetByLabel($"Routing of {renamed}")).ToHaveValueAsync("leastLoaded", new() { Timeout = 20_000 });
        var departments = (await admin.Http.GetFromJsonAsync<List<DepartmentView>>("/api/v1/departments"))!;
        var department = Assert.Single(departments, d => d.IsDefault);
        Assert.Equal(renamed, department.Name);
        Assert.Equal("leastLoaded", (await admin.Http.GetFromJsonAsync<JsonElement>($"/api/v1/departments/{department.Id}/routing")).GetProperty("mode").GetString());
        await ReadyForPictureAsync(page, "console-admin-departments.png", "admin departments");
    }

    [Fact]
    public async Task ACannedMessageCreatedHereIsPreviewedAndShowsUpInAnOperatorsPicker()
    {
        var admin = await fixture.App.AdminAsync();
        var department = await admin.DepartmentAsync($"Lamps {Guid.NewGuid():N}");
        var departmentName = (await admin.Http.GetFromJsonAsync<List<DepartmentView>>("/api/v1/departments"))!.Single(d => d.Id == department).Name;
        var agent = await admin.OperatorAsync("agent", department);
        var shortcut = $"bulb{Random.Shared.Next(1000, 9999)}";
        await using var browser = await ConsoleBrowser.StartAsync(fixture.App);
        var page = await browser.SignInAsync(GatewayApp.AdminEmail, GatewayApp.AdminPassword);
        await page.GotoAsync(new Uri(browser.Gateway, "console/admin/canned").ToString());

        await page.GetByLabel("Department", new() { Exact = true }).SelectOptionAsync(department);
        await page.GetByLabel("New category").FillAsync("Spare parts");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add category" }).ClickAsync();
        var form = page.GetByRole(AriaRole.Form, new() { Name = "New canned message" });
        await Assertions.Expect(form.GetByLabel("Category").Locator("option", new() { HasText = "Spare parts" })).ToHaveCountAsync(1);
        await form.GetByLabel("Shortcut").FillAsync(shortcut);
        await form.GetByLabel("Text").FillAsync("A new bulb is on its way, free of charge.");
        await form.GetByLabel("Category").SelectOptionAsync(new SelectOptionValue { Label = "Spare parts" });
        await form.GetByRole(AriaRole.Button, new() { Name = "Add canned message" }).ClickAsync();

        var list = page.GetByRole(AriaRole.Region, new() { Name = "Canned messages" });
        await Assertions.Expect(list.GetByRole(AriaRole.Row).Filter(new() { HasText = $"#{shortcut}" })).ToContainTextAsync("Spare parts");
        await page.GetByLabel("Type as an operator would").FillAsync($"#{shortcut[..5]}");
        await Assertions.Expect(page.GetByRole(AriaRole.Listbox, new() { Name = "Picker preview" }).GetByRole(AriaRole.Option))
            .ToContainTextAsync([$"#{shortcut}A new bulb is on its way, free of charge."]);
        Assert.Equal(departmentName, await page.GetByLabel("Department", new() { Exact = true }).Locator("option:checked").InnerTextAsync());
        await ReadyForPictureAsync(page, "console-admin-canned.png", "admin canned messages");

        var operatorPage = await browser.SignInAsync(agent.Email, agent.Password);
        await ConsoleBrowser.GoOnlineAsync(operatorPage);
        await fixture.App.OpenChatAsync(TicketScenario.NewConversation("My lamp's bulb is broken") with { DepartmentId = department });
        await operatorPage.GetByRole(AriaRole.Button).Filter(new() { HasText = "My lamp's bulb is broken" }).ClickAsync();
        await operatorPage.GetByRole(AriaRole.Button, new() { Name = "Pick up this chat" }).ClickAsync();
        await operatorPage.GetByLabel("Message to the customer").PressSequentiallyAsync($"#{shortcut[..5]}");
        await Assertions.Expect(operatorPage.GetByRole(AriaRole.Listbox, new() { Name = "Canned messages" }).GetByRole(AriaRole.Option))
            .ToContainTextAsync([$"#{shortcut}A new bulb is on its way, free of charge."]);
    }

    [Fact]
    public async Task AFailedTicketIsRetriedFromTheTicketsScreenAndLinksToTheHelpdesk()
    {
        var admin = await fixture.App.AdminAsync();
        var conversation = TicketScenario.NewConversation("Please call me back about my invoice");
        var chatId = await fixture.App.OpenChatAsync(conversation);
        fixture.Zendesk.Refuse(chatId, StubResponse.Json(
            """{"error":"RecordInvalid","description":"Record validation errors","details":{"requester":[{"description":"Requester: Email is invalid"}]}}""",
            HttpStatusCode.UnprocessableEntity));
        await fixture.App.EndChatAsync(chatId, conversation);
        await admin.WaitForTicketAsync(chatId, "failed");
        await using var browser = await ConsoleBrowser.StartAsync(fixture.App);
        var page = await browser.SignInAsync(GatewayApp.AdminEmail, GatewayApp.AdminPassword);
        await page.GotoAsync(new Uri(browser.Gateway, "console/admin/tickets").ToString());

        await page.GetByLabel("State").SelectOptionAsync("failed");
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = chatId });
        await Assertions.Expect(row).ToContainTextAsync("Email is invalid");
        await ReadyForPictureAsync(page, "console-admin-tickets.png", "admin tickets");
        await page.GetByLabel("State").SelectOptionAsync("");
        await row.GetByRole(AriaRole.Button, new() { Name = $"Retry the ticket of chat {chatId}" }).ClickAsync();

        var link = row.GetByRole(AriaRole.Link);
        await Assertions.Expect(row.GetByRole(AriaRole.Cell, new() { Name = "created", Exact = true })).ToBeVisibleAsync();
        var ticket = Assert.Single(fixture.Zendesk.TicketsFor(chatId));
        await Assertions.Expect(link).ToHaveTextAsync($"Zendesk ticket {ticket.Id}");
        Assert.Equal((await admin.TicketOfAsync(chatId)).GetProperty("url").GetString(), await link.GetAttributeAsync("href"));
    }

    [Fact]
    public async Task AgentsAndSupervisorsAreToldWhichSettingsAreNotTheirs()
    {
        var admin = await fixture.App.AdminAsync();
        var department = await admin.DepartmentAsync($"Roles {Guid.NewGuid():N}");
        var agent = await admin.OperatorAsync("agent", department);
        var supervisor = await admin.OperatorAsync("supervisor", department);
        await using var browser = await ConsoleBrowser.StartAsync(fixture.App);

        var agentPage = await browser.SignInAsync(agent.Email, agent.Password);
        await Assertions.Expect(agentPage.GetByRole(AriaRole.Link, new() { Name = "Settings" })).ToHaveCountAsync(0);
        foreach (var (screen, says) in new[] { ("admin/operators", "only for admins"), ("admin", "only for admins"), ("admin/tickets", "only for supervisors and admins") })
        {
            await agentPage.GotoAsync(new Uri(browser.Gateway, $"console/{screen}").ToString());
            await Assertions.Expect(agentPage.GetByRole(AriaRole.Alert)).ToContainTextAsync(says);
        }

        await ReadyForPictureAsync(agentPage, "console-admin-only.png", "admins only");

        var supervisorPage = await browser.SignInAsync(supervisor.Email, supervisor.Password);
        await supervisorPage.GetByRole(AriaRole.Navigation, new() { Name = "Supervisor screens" }).GetByRole(AriaRole.Link, new() { Name = "Settings" }).ClickAsync();
        await Assertions.Expect(supervisorPage.GetByRole(AriaRole.Heading, new() { Name = "Settings: Canned messages" })).ToBeVisibleAsync();
        var sections = supervisorPage.GetByRole(AriaRole.Navigation, new() { Name = "Settings sections" });
        await Assertions.Expect(sections.GetByRole(AriaRole.Link)).ToHaveTextAsync(["Canned messages", "Tickets"]);
        await supervisorPage.GotoAsync(new Uri(browser.Gateway, "console/admin/departments").ToString());
        await Assertions.Expect(supervisorPage.GetByRole(AriaRole.Alert)).ToContainTextAsync("only for admins");
    }

    private static ILocator OperatorRow(IPage page, string email) =>
        page.GetByRole(AriaRole.Region, new() { Name = "Operators" }).GetByRole(AriaRole.Row).Filter(new() { HasText = email });

    private static Task Section(IPage page, string name) =>
        page.GetByRole(AriaRole.Navigation, new() { Name = "Settings sections" }).GetByRole(AriaRole.Link, new() { Name = name }).ClickAsync();

    private static async Task ReadyForPictureAsync(IPage page, string file, string screen)
    {
        await SupervisorScreens.SettledAsync(page);
        await ConsoleBrowser.ScreenshotAsync(page, file);
        await ConsoleBrowser.AssertAccessibleAsync(page, screen);
    }
}
