using LiveChat.Gateway.Tests.OperatorConsole;
using Microsoft.Playwright;

namespace LiveChat.Gateway.Tests.Helpdesk;

/// <summary>
/// UsesChromium: a stand-in helpdesk page, served by the test on another origin, frames the embed page as each
/// platform's app does (the apps' own files from plugins/, the platform's SDK object standing in), and the agent answers
/// a live widget (Direct Line) chat from inside it; the customer gets the reply.
/// </summary>
public sealed class HelpdeskAppTests(HelpdeskFixture fixture) : IClassFixture<HelpdeskFixture>, IAsyncLifetime
{
    private const string ZafSdk = "https://static.zdassets.com/zendesk_app_framework_sdk/2.0/zaf_sdk.min.js";
    private const string ZohoSdk = "https://js.zohostatic.com/support/developer_sdk/v1/js/ZohoDeskClientSDK.min.js";
    private StubServer _helpdesk = null!;

    public async Task InitializeAsync() => _helpdesk = await StubServer.StartAsync();

    public async Task DisposeAsync() => await _helpdesk.DisposeAsync();

    private string HelpdeskOrigin => _helpdesk.BaseUri.GetLeftPart(UriPartial.Authority);

    [Fact]
    public async Task AnAgentAnswersALiveChatFromTheZendeskSidebar()
    {
        var (installationId, _) = await fixture.InstallationAsync("zendesk", [HelpdeskOrigin]);
        var customer = await CustomerWritesAsync("Ada Zendesk", "My parcel 4711 never arrived");
        var agent = await fixture.WidgetAgentAsync();
        fixture.ZendeskUser("2001", agent.Email);

        // Zendesk's agent page: the app's iframe is loaded by a form POST of the signed JWT, with origin and app_guid.
        var launch = new Uri(fixture.App.BaseAddress, $"helpdesk/zendesk/{installationId}?origin={Uri.EscapeDataString(HelpdeskOrigin)}&app_guid=guid-1");
        _helpdesk.On("GET /agent/tickets/7", Html($$"""
            <!doctype html><html lang="en"><head><title>Ticket 7 - Zendesk</title></head><body>
            <h1>Ticket #7: Parcel missing</h1>
            <iframe name="app" id="app" title="LiveChat app" style="width:420px;height:760px;border:1px solid #ccc"></iframe>
            <form id="launch" method="post" target="app" action="{{launch}}"><input type="hidden" name="token" value="{{fixture.ZendeskJwt(userId: "2001")}}"></form>
            <script>document.getElementById('launch').submit();</script>
            </body></html>
            """));

        await using var browser = await ConsoleBrowser.StartAsync(fixture.App);
        var page = await browser.NewPageAsync(900, 860);
        // The ZAF SDK as the app's page loads it, standing in for Zendesk: it insists on the origin and app_guid it needs.
        await page.Context.RouteAsync(ZafSdk, route => route.FulfillAsync(new RouteFulfillOptions
        {
            ContentType = "application/javascript",
            Body = $$"""
                window.ZAFClient = { init() {
                  const query = new URLSearchParams(location.search);
                  if (query.get('origin') !== '{{HelpdeskOrigin}}' || query.get('app_guid') !== 'guid-1') throw new Error('ZAF needs origin and app_guid');
                  const values = { 'currentUser.email': '{{agent.Email}}', 'ticket.id': 7, 'ticket.requester': { email: '{{customer.Email}}', name: 'Ada Zendesk' } };
                  return { get: async paths => Object.fromEntries([].concat(paths).map(p => [p, values[p]])) };
                } };
                """,
        }));
        await page.GotoAsync(new Uri(_helpdesk.BaseUri, "agent/tickets/7").ToString());

        await AnswerInsideAsync(browser, page, page.FrameLocator("#app"), customer, "zendesk");
    }

    [Fact]
    public async Task AnAgentAnswersALiveChatFromTheFreshdeskSidebar()
    {
        var (installationId, key) = await fixture.InstallationAsync("freshdesk", [HelpdeskOrigin]);
        var customer = await CustomerWritesAsync("Ada Freshdesk", "The invoice shows the wrong address");
        var agent = await fixture.WidgetAgentAsync();
        var app = Plugin("freshdesk", "app");
        _helpdesk.On("GET /a/tickets/9", Html("""
            <!doctype html><html lang="en"><head><title>Ticket 9 - Freshdesk</title></head><body>
            <h1>Ticket #9: Wrong address</h1>
            <iframe id="app" title="LiveChat app" src="/apps/freshdesk/index.html" style="width:420px;height:780px;border:1px solid #ccc"></iframe>
            </body></html>
            """));
        _helpdesk.On("GET /apps/freshdesk/index.html", Html(File.ReadAllText(Path.Combine(app, "index.html")).Replace("{{{appclient}}}", "/sdk/fresh_client.js", StringComparison.Ordinal)));
        _helpdesk.On("GET /apps/freshdesk/scripts/app.js", Script(File.ReadAllText(Path.Combine(app, "scripts", "app.js"))));
        _helpdesk.On("GET /apps/freshdesk/styles/style.css", new StubResponse { Body = File.ReadAllText(Path.Combine(app, "styles", "style.css")), ContentType = "text/css" });
        // Freshworks' client, standing in: the data API, the iparams, and invokeTemplate through the platform's proxy.
        _helpdesk.On("GET /sdk/fresh_client.js", Script($$"""
            window.app = { initialized: async () => ({
              events: { on: (name, callback) => { if (name === 'app.activated') setTimeout(callback, 0); } },
              data: { get: async what => ({
                loggedInUser: { loggedInUser: { contact: { email: '{{agent.Email}}' } } },
                ticket: { ticket: { id: 9 } },
                requester: { requester: { email: '{{customer.Email}}', name: 'Ada Freshdesk' } } })[what] },
              iparams: { get: async () => ({ installation_id: '{{installationId}}' }) },
              request: { invokeTemplate: async (name, options) => {
                const answer = await fetch('/proxy/' + name, { method: 'POST', body: options.body });
                const text = await answer.text();
                if (!answer.ok) throw { status: answer.status, response: text };
                return { status: answer.status, response: text };
              } }
            }) };
            """));
        // The proxy fills the plugin's own request template (config/requests.json) with the installation's iparams.
        var template = JsonDocument.Parse(File.ReadAllText(Plugin("freshdesk", "config/requests.json"))).RootElement.GetProperty("createEmbedSession").GetProperty("schema");
        var headers = template.GetProperty("headers").EnumerateObject()
            .ToDictionary(h => h.Name, h => h.Value.GetString()!.Replace("<%= iparam.installation_key %>", key, StringComparison.Ordinal));
        var path = template.GetProperty("path").GetString()!;
        _helpdesk.On("POST /proxy/createEmbedSession", request => Forward(new Uri(fixture.App.BaseAddress, path), headers, request.Body));

        await using var browser = await ConsoleBrowser.StartAsync(fixture.App);
        var page = await browser.NewPageAsync(900, 880);
        await page.GotoAsync(new Uri(_helpdesk.BaseUri, "a/tickets/9").ToString());

        await AnswerInsideAsync(browser, page, page.FrameLocator("#app").FrameLocator("#embed"), customer, "freshdesk");
    }

    [Fact]
    public async Task AnAgentAnswersALiveChatFromTheZohoDeskPanel()
    {
        var (installationId, key) = await fixture.InstallationAsync("zohodesk", [HelpdeskOrigin]);
        var customer = await CustomerWritesAsync("Ada Zoho", "Can I change my delivery slot?");
        var agent = await fixture.WidgetAgentAsync();
        var app = Plugin("zohodesk", "app");
        _helpdesk.On("GET /agent/tickets/11", Html("""
            <!doctype html><html lang="en"><head><title>Ticket 11 - Zoho Desk</title></head><body>
            <h1>Ticket #11: Delivery slot</h1>
            <iframe id="app" title="LiveChat app" src="/apps/zohodesk/app/widget.html" style="width:420px;height:780px;border:1px solid #ccc"></iframe>
            </body></html>
            """));
        _helpdesk.On("GET /apps/zohodesk/app/widget.html", Html(File.ReadAllText(Path.Combine(app, "widget.html"))));
        _helpdesk.On("GET /apps/zohodesk/app/js/widget.js", Script(File.ReadAllText(Path.Combine(app, "js", "widget.js"))));
        _helpdesk.On("POST /proxy/zoho", request =>
        {
            // Zoho's proxy: fills the secure config placeholder and makes the call the widget described.
            var call = JsonDocument.Parse(request.Body).RootElement;
            var headers = call.GetProperty("headers").EnumerateObject()
                .ToDictionary(h => h.Name, h => h.Value.GetString()!.Replace("{{installationKey}}", key, StringComparison.Ordinal));
            var answer = Forward(new Uri(call.GetProperty("url").GetString()!), headers, call.GetProperty("postBody").GetString()!);
            return new StubResponse { Body = JsonSerializer.Serialize(new { response = new { statusMessage = answer.Body, status = (int)answer.Status } }) };
        });

        await using var browser = await ConsoleBrowser.StartAsync(fixture.App);
        var page = await browser.NewPageAsync(900, 880);
        // The Zoho Desk SDK, standing in: the extension's config, the ticket and agent, and requests through Zoho's proxy.
        await page.Context.RouteAsync(ZohoSdk, route => route.FulfillAsync(new RouteFulfillOptions
        {
            ContentType = "application/javascript",
            Body = $$"""
                const values = { 'user.email': '{{agent.Email}}', 'ticket.id': '11', 'ticket.email': '{{customer.Email}}', 'ticket.phone': null, 'ticket.contactName': 'Ada Zoho' };
                window.ZOHODESK = {
                  extension: { onload: async () => ({ meta: { config: { gatewayUrl: '{{fixture.App.BaseAddress.ToString().TrimEnd('/')}}', installationId: '{{installationId}}' } } }) },
                  get: async key => ({ [key]: values[key] }),
                  request: async options => (await fetch('/proxy/zoho', { method: 'POST', body: JSON.stringify(options) })).text()
                };
                """,
        }));
        await page.GotoAsync(new Uri(_helpdesk.BaseUri, "agent/tickets/11").ToString());

        await AnswerInsideAsync(browser, page, page.FrameLocator("#app").FrameLocator("#embed"), customer, "zohodesk");
    }

    [Fact]
    public async Task WithNoLiveChatTheEmbedPageShowsRecentChatsAndOpensOneInTheFullConsoleAfterSignIn()
    {
        var (installationId, key) = await fixture.InstallationAsync("freshdesk", [HelpdeskOrigin]);
        var customer = await CustomerWritesAsync("Ada Earlier", "Did my refund go through?");
        var agent = await fixture.WidgetAgentAsync();
        var asAgent = await fixture.App.SignInAsync(agent.Email, agent.Password);
        var chatId = await fixture.ChatIdAsync(customer.ConversationId);
        (await asAgent.Http.PutAsJsonAsync("/api/v1/operators/me/status", new { status = "online" })).EnsureSuccessStatusCode();
        (await asAgent.Http.PostAsync($"/api/v1/chats/{chatId}/pickup", null)).EnsureSuccessStatusCode();
        (await asAgent.Http.PostAsJsonAsync($"/api/v1/chats/{chatId}/messages", new { text = "Yes, it was sent on Monday." })).EnsureSuccessStatusCode();
        (await asAgent.Http.PostAsJsonAsync($"/api/v1/chats/{chatId}/end", new { afterSeconds = 0 })).EnsureSuccessStatusCode();
        var asked = await fixture.AskForSessionAsync(key, new { installationId, agentEmail = agent.Email, requesterEmail = customer.Email, requesterName = "Ada Earlier" });
        var session = (await asked.Content.ReadFromJsonAsync<EmbedSessionResponse>())!;

        await using var browser = await ConsoleBrowser.StartAsync(fixture.App);
        var page = await browser.NewPageAsync(420, 800);
        await page.GotoAsync(session.Url);
        await page.GetByText("No live chat with this customer right now.").WaitForAsync();
        await page.GetByRole(AriaRole.Button).Filter(new() { HasText = "Did my refund go through?" }).ClickAsync();
        var log = page.GetByRole(AriaRole.Log, new() { Name = "Messages" });
        await log.GetByText("Yes, it was sent on Monday.").WaitForAsync();
        Assert.DoesNotContain("#code=", page.Url, StringComparison.Ordinal);

        // The full console opens in a new tab: a sign-in there, then the same chat.
        var full = await page.Context.RunAndWaitForPageAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Open in the full console" }).ClickAsync());
        await full.SetViewportSizeAsync(1400, 860);
        await full.GetByLabel("Email").FillAsync(agent.Email);
        await full.GetByLabel("Password").FillAsync(agent.Password);
        await full.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await full.GetByRole(AriaRole.Log, new() { Name = "Messages" }).GetByText("Yes, it was sent on Monday.").WaitForAsync();
        Assert.EndsWith($"/console/chats/{chatId}", full.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AHelpdeskPageNotOnTheListCannotFrameTheEmbedPage()
    {
        var (installationId, key) = await fixture.InstallationAsync("freshdesk", ["https://acme.freshdesk.com"]);
        var asked = await fixture.AskForSessionAsync(key, new { installationId, agentEmail = GatewayApp.AdminEmail, requesterEmail = "ada@example.test" });
        var session = (await asked.Content.ReadFromJsonAsync<EmbedSessionResponse>())!;
        _helpdesk.On("GET /elsewhere", Html($"""<!doctype html><html lang="en"><head><title>Elsewhere</title></head><body><iframe id="app" title="app" src="{session.Url}"></iframe></body></html>"""));

        await using var browser = await ConsoleBrowser.StartAsync(fixture.App);
        var page = await browser.NewPageAsync();
        var blocked = page.WaitForConsoleMessageAsync(new() { Predicate = m => m.Text.Contains("frame-ancestors", StringComparison.Ordinal) });
        await page.GotoAsync(new Uri(_helpdesk.BaseUri, "elsewhere").ToString());
        await blocked;

        // The page never ran in that frame: its one-time code is still unspent.
        Assert.Equal(HttpStatusCode.OK, (await fixture.ExchangeAsync(session.Url)).StatusCode);
    }

    private async Task<Customer> CustomerWritesAsync(string name, string text)
    {
        var email = $"{name.Split(' ')[0].ToLowerInvariant()}-{Guid.NewGuid():N}@example.test";
        var (conversationId, token, _) = await fixture.StartAsync(name);
        await fixture.PostAsync(conversationId, token, new
        {
            type = "message",
            from = new { id = "r_user1", name },
            text,
            channelData = new { visitor = new { email } },
        });
        return new Customer(email, conversationId, token, text);
    }

    /// <summary>Inside the app's frame: the customer's live chat, picked up and answered; the customer reads the answer.</summary>
    private async Task AnswerInsideAsync(ConsoleBrowser browser, IPage page, IFrameLocator app, Customer customer, string platform)
    {
        var log = app.GetByRole(AriaRole.Log, new() { Name = "Messages" });
        try
        {
            await log.GetByText(customer.FirstMessage).WaitForAsync();
        }
        catch (TimeoutException)
        {
            await ConsoleBrowser.ScreenshotAsync(page, $"helpdesk-{platform}-failed.png");
            throw new Xunit.Sdk.XunitException(string.Join("\n", [.. page.Frames.Select(f => f.Url), .. browser.Log]));
        }

        var reply = $"Checking that for you ({platform}).";
        await app.GetByLabel("My status").SelectOptionAsync("online");
        await app.GetByText("You are online").WaitForAsync();
        await app.GetByRole(AriaRole.Button, new() { Name = "Pick up this chat" }).ClickAsync();
        var composer = app.GetByLabel("Message to the customer");
        await composer.FillAsync(reply);
        await composer.PressAsync("Enter");
        await log.GetByText(reply).WaitForAsync();
        await Assertions.Expect(app.GetByRole(AriaRole.Link, new() { Name = "Open in the full console" })).ToBeVisibleAsync();
        var seen = await fixture.PollUntilAsync(customer.ConversationId, customer.Token, a => a.TryGetProperty("text", out var t) && t.GetString() == reply);
        Assert.Contains(seen, a => a.TryGetProperty("text", out var t) && t.GetString() == reply);
        await ConsoleBrowser.ScreenshotAsync(page, $"helpdesk-{platform}.png");
    }

    private static StubResponse Html(string body) => new() { Body = body, ContentType = "text/html; charset=utf-8" };

    private static StubResponse Script(string body) => new() { Body = body, ContentType = "application/javascript" };

    /// <summary>A platform proxy's call to the gateway, made by the stand-in helpdesk's server.</summary>
    private static StubResponse Forward(Uri url, IReadOnlyDictionary<string, string> headers, string body)
    {
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        foreach (var (name, value) in headers.Where(h => h.Key != "Content-Type"))
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = client.Send(request);
        return new StubResponse { Status = response.StatusCode, Body = response.Content.ReadAsStringAsync().GetAwaiter().GetResult() };
    }

    /// <summary>A file or folder of plugins/ in the repository: the tests serve the apps' own files.</summary>
    private static string Plugin(string platform, string path)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (Directory.Exists(Path.Combine(dir.FullName, "plugins", platform)))
            {
                return Path.Combine(dir.FullName, "plugins", platform, path);
            }
        }

        throw new DirectoryNotFoundException($"plugins/{platform} is not above {AppContext.BaseDirectory}.");
    }

    private sealed record Customer(string Email, string ConversationId, string Token, string FirstMessage);
}
