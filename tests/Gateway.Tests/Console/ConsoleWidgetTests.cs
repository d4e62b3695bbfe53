using LiveChat.Gateway.Tests.Widgets;
using Microsoft.Playwright;

namespace LiveChat.Gateway.Tests.OperatorConsole;

/// <summary>
/// UsesChromium: an admin adds an iframe widget (a page the test serves on another origin, which checks the token with the
/// secret the admin was shown, as docs/widgets.md tells a third party to) and a card widget (WireMock answering the
/// card); in a chat's Apps tab the page says whose chat it verified and the card shows its fields.
/// </summary>
public sealed class ConsoleWidgetTests(WidgetFixture fixture) : IClassFixture<WidgetFixture>
{
    [Fact]
    public async Task AnAdminAddsWidgetsAndTheChatsAppsTabShowsAPageThatVerifiedItsTokenAndACard()
    {
        await using var crm = await StubServer.StartAsync();
        using var orders = ApiMock.Start();
        orders.On("GET /card", StubResponse.Json("""
            {"title":"Customer since 2019","fields":[{"label":"Plan","value":"Gold"},{"label":"Open orders","value":2}],
             "links":[{"label":"Order 4711","url":"https://shop.example.test/orders/4711"},{"label":"Not a link","url":"javascript:alert(1)"}]}
            """));
        orders.On("GET /down", StubResponse.Json("{}", HttpStatusCode.BadGateway));
        string? secret = null;
        string? widgetId = null;
        crm.On("GET /crm", _ => new StubResponse { ContentType = "text/html", Body = CrmPage(secret!, widgetId!) });
        var (chatId, _) = await fixture.ChatAsync("Ada Lovelace", "ada@example.test");
        await using var browser = await ConsoleBrowser.StartAsync(fixture.App);
        var page = await browser.SignInAsync(GatewayApp.AdminEmail, GatewayApp.AdminPassword);
        await page.GotoAsync(new Uri(browser.Gateway, "console/admin/widgets").ToString());

        var form = page.GetByRole(AriaRole.Form, new() { Name = "New widget" });
        await form.GetByLabel("Name").FillAsync("Sneaky");
        await form.GetByLabel("URL template").FillAsync("javascript:alert(document.domain)");
        await form.GetByRole(AriaRole.Button, new() { Name = "Add widget" }).ClickAsync();
        await Assertions.Expect(page.GetByText("'urlTemplate' must be an absolute http or https URL, such as https://crm.example.com/customer?email={email}.")).ToBeVisibleAsync();
        await AddAsync(page, "CRM", "iframe", new Uri(crm.BaseUri, "crm?chat={chatId}").ToString());
        var shown = page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "shown this once" });
        await Assertions.Expect(shown).ToContainTextAsync("lcws_");
        secret = await shown.GetByTestId("widget-secret").InnerTextAsync();
        await shown.GetByRole(AriaRole.Button, new() { Name = "I have copied it" }).ClickAsync();
        await Assertions.Expect(page.GetByText(secret)).ToHaveCountAsync(0);
        await AddAsync(page, "Orders", "card", new Uri(orders.BaseUri, "card?email={email}").ToString());
        await AddAsync(page, "Loyalty", "card", new Uri(orders.BaseUri, "down").ToString());
        var rows = page.GetByRole(AriaRole.Region, new() { Name = "Widgets" }).GetByRole(AriaRole.Row);
        await Assertions.Expect(rows.Filter(new() { HasText = "Orders" })).ToContainTextAsync("Every department");
        widgetId = (await (await fixture.App.AdminAsync()).Http.GetFromJsonAsync<List<WidgetView>>("/api/v1/widgets"))!.Single(w => w.Name == "CRM").Id;
        await SupervisorScreens.SettledAsync(page);
        await ConsoleBrowser.ScreenshotAsync(page, "console-admin-widgets.png");
        await ConsoleBrowser.AssertAccessibleAsync(page, "admin widgets");

        await page.GotoAsync(new Uri(browser.Gateway, $"console/chats/{chatId}").ToString());
        await page.GetByRole(AriaRole.Tab, new() { Name = "Apps" }).ClickAsync();

        var frame = page.FrameLocator("iframe[title='CRM']");
        await Assertions.Expect(frame.GetByRole(AriaRole.Status)).ToHaveTextAsync($"Verified: chat {chatId} with Ada Lovelace (ada@example.test)");
        var card = page.GetByRole(AriaRole.Region, new() { Name = "Orders" });
        await Assertions.Expect(card).ToContainTextAsync("Customer since 2019");
        await Assertions.Expect(card.GetByRole(AriaRole.Definition)).ToHaveTextAsync(["Gold", "2"]);
        await Assertions.Expect(card.GetByRole(AriaRole.Link, new() { Name = "Order 4711" })).ToHaveAttributeAsync("href", "https://shop.example.test/orders/4711");
        await Assertions.Expect(card.GetByText("Not a link")).ToBeVisibleAsync();
        await Assertions.Expect(card.GetByRole(AriaRole.Link, new() { Name = "Not a link" })).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByRole(AriaRole.Region, new() { Name = "Loyalty" }).GetByRole(AriaRole.Status)).ToHaveTextAsync("Unavailable · it answered 502");
        await Assertions.Expect(page.Locator("iframe[title='CRM']")).ToHaveAttributeAsync("sandbox", "allow-scripts allow-forms allow-popups allow-popups-to-escape-sandbox allow-same-origin");
        Assert.Contains("email=ada%40example.test", Assert.Single(orders.RequestsTo("GET /card")).Query, StringComparison.Ordinal);
        await SupervisorScreens.SettledAsync(page);
        await ConsoleBrowser.ScreenshotAsync(page, "console-widgets.png");
        await ConsoleBrowser.AssertAccessibleAsync(page, "chat apps tab");
    }

    private static async Task AddAsync(IPage page, string name, string kind, string template)
    {
        var form = page.GetByRole(AriaRole.Form, new() { Name = "New widget" });
        await form.GetByLabel("Name").FillAsync(name);
        await form.GetByLabel("Kind").SelectOptionAsync(kind);
        await form.GetByLabel("URL template").FillAsync(template);
        await form.GetByRole(AriaRole.Button, new() { Name = "Add widget" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Region, new() { Name = "Widgets" }).GetByRole(AriaRole.Row).Filter(new() { HasText = name })).ToContainTextAsync("enabled");
    }

    /// <summary>A third party's page: it verifies the token in its URL's fragment with WebCrypto (HS256, the widget's secret) and says whose chat it is.</summary>
    private static string CrmPage(string secret, string widgetId) => $$"""
        <!doctype html><html lang="en"><head><title>CRM</title></head><body style="font-family:sans-serif;overflow-wrap:anywhere">
        <h1 style="font-size:1rem">CRM</h1><p role="status" id="result">Checking…</p>
        <script>
        const b64url = s => Uint8Array.from(atob(s.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - s.length % 4) % 4)), c => c.charCodeAt(0));
        (async () => {
          const token = new URLSearchParams(location.hash.slice(1)).get('livechat_token');
          const [header, payload, signature] = token.split('.');
          const key = await crypto.subtle.importKey('raw', new TextEncoder().encode('{{secret}}'), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
          const signed = await crypto.subtle.verify('HMAC', key, b64url(signature), new TextEncoder().encode(header + '.' + payload));
          const claims = JSON.parse(new TextDecoder().decode(b64url(payload)));
          const valid = signed && claims.aud === '{{widgetId}}' && claims.exp > Date.now() / 1000;
          document.getElementById('result').textContent = valid
            ? `Verified: chat ${claims.chat_id} with ${claims.visitor_name} (${claims.visitor_email})` : 'Not verified';
        })();
        </script></body></html>
        """;
}
