using LiveChat.Gateway.Tests.OperatorConsole;
using Microsoft.Playwright;

namespace LiveChat.Gateway.Tests.Helpdesk;

/// <summary>UsesChromium: an admin connects helpdesks in the console's Installations screen; agents are told it is not theirs.</summary>
public sealed class HelpdeskInstallationsScreenTests(HelpdeskFixture fixture) : IClassFixture<HelpdeskFixture>
{
    [Fact]
    public async Task AnAdminConnectsAHelpdeskTurnsItOnTrustsItsAgentsAndReplacesItsKey()
    {
        var name = $"Acme Freshdesk {Guid.NewGuid().ToString("N")[..6]}";
        await using var browser = await ConsoleBrowser.StartAsync(fixture.App);
        var page = await OpenAsAdminAsync(browser);
        var form = page.GetByRole(AriaRole.Form, new() { Name = "New helpdesk installation" });
        await form.GetByLabel("Helpdesk", new() { Exact = true }).SelectOptionAsync("freshdesk");
        await form.GetByLabel("Name", new() { Exact = true }).FillAsync(name);
        await form.GetByLabel("Frame ancestors").FillAsync("https://acme.freshdesk.com");
        await form.GetByRole(AriaRole.Button, new() { Name = "Connect helpdesk" }).ClickAsync();

        var key = await ShownKeyAsync(page);
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = name });
        await Assertions.Expect(row).ToContainTextAsync("Off");
        var id = (await (await fixture.App.AdminAsync()).Http.GetFromJsonAsync<List<HelpdeskInstallationView>>("/api/v1/helpdesk/installations"))!.Single(i => i.Name == name).Id;
        var request = new { installationId = id, agentEmail = GatewayApp.AdminEmail, requesterEmail = "ada@example.test" };
        Assert.Contains("turned off", await (await fixture.AskForSessionAsync(key, request)).Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await row.GetByRole(AriaRole.Button, new() { Name = $"Turn on {name}" }).ClickAsync();
        await Assertions.Expect(row).ToContainTextAsync("On");
        Assert.Contains("trustAgentEmail", await (await fixture.AskForSessionAsync(key, request)).Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await row.GetByRole(AriaRole.Button, new() { Name = $"Edit {name}" }).ClickAsync();
        var edit = page.GetByRole(AriaRole.Form, new() { Name = $"Edit {name}" });
        await edit.GetByLabel("Trust the agent email").CheckAsync();
        await edit.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(row.GetByRole(AriaRole.Cell, new() { Name = "Yes", Exact = true })).ToBeVisibleAsync();
        Assert.Equal(HttpStatusCode.OK, (await fixture.AskForSessionAsync(key, request)).StatusCode);
        await ConsoleBrowser.ScreenshotAsync(page, "console-admin-installations.png");

        await row.GetByRole(AriaRole.Button, new() { Name = $"Replace the key of {name}" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("installation-key")).Not.ToHaveTextAsync(key);
        var newKey = await ShownKeyAsync(page);
        Assert.Equal(HttpStatusCode.Unauthorized, (await fixture.AskForSessionAsync(key, request)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await fixture.AskForSessionAsync(newKey, request)).StatusCode);
    }

    [Fact]
    public async Task AZendeskInstallationKeepsItsAppKeyWhenTurnedOnAndOpensWithItsJwt()
    {
        var name = $"Acme Zendesk {Guid.NewGuid().ToString("N")[..6]}";
        await using var browser = await ConsoleBrowser.StartAsync(fixture.App);
        var page = await OpenAsAdminAsync(browser);
        var form = page.GetByRole(AriaRole.Form, new() { Name = "New helpdesk installation" });
        await form.GetByLabel("Name", new() { Exact = true }).FillAsync(name);
        await form.GetByLabel("Frame ancestors").FillAsync("https://acme.zendesk.com\nhttps://*.zdusercontent.com");
        await form.GetByLabel("Zendesk audience").FillAsync(fixture.ZendeskAudience);
        await form.GetByLabel("Zendesk public key").FillAsync(fixture.ZendeskPublicKey);
        await form.GetByRole(AriaRole.Button, new() { Name = "Connect helpdesk" }).ClickAsync();
        await ShownKeyAsync(page);
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = name });
        await Assertions.Expect(row).ToContainTextAsync("public key set");
        await row.GetByRole(AriaRole.Button, new() { Name = $"Turn on {name}" }).ClickAsync();

        await Assertions.Expect(row).ToContainTextAsync("On");
        await Assertions.Expect(row).ToContainTextAsync("public key set");
        await Assertions.Expect(row).ToContainTextAsync("https://acme.zendesk.com https://*.zdusercontent.com");
        var id = (await (await fixture.App.AdminAsync()).Http.GetFromJsonAsync<List<HelpdeskInstallationView>>("/api/v1/helpdesk/installations"))!.Single(i => i.Name == name).Id;
        var asked = await fixture.AskForSessionAsync(fixture.ZendeskJwt(), new { installationId = id, agentEmail = GatewayApp.AdminEmail, requesterEmail = "ada@example.test" });
        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
    }

    [Fact]
    public async Task AgentsAndSupervisorsAreToldTheScreenIsForAdmins()
    {
        var admin = await fixture.App.AdminAsync();
        var supervisor = await admin.OperatorAsync("supervisor");
        await using var browser = await ConsoleBrowser.StartAsync(fixture.App);
        var page = await browser.SignInAsync(supervisor.Email, supervisor.Password);

        await page.GotoAsync(new Uri(browser.Gateway, "console/admin/installations").ToString());

        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("only for admins");
        await Assertions.Expect(page.GetByRole(AriaRole.Form, new() { Name = "New helpdesk installation" })).ToHaveCountAsync(0);
    }

    private static async Task<IPage> OpenAsAdminAsync(ConsoleBrowser browser)
    {
        var page = await browser.SignInAsync(GatewayApp.AdminEmail, GatewayApp.AdminPassword);
        await page.GotoAsync(new Uri(browser.Gateway, "console/admin/installations").ToString());
        return page;
    }

    private static async Task<string> ShownKeyAsync(IPage page)
    {
        var shown = page.GetByRole(AriaRole.Alert, new() { Name = "The new key" }).GetByTestId("installation-key");
        await Assertions.Expect(shown).ToContainTextAsync("lchk_");
        return (await shown.TextContentAsync())!.Trim();
    }
}
