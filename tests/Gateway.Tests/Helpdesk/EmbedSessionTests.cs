using System.Net.Http.Headers;
using System.Security.Cryptography;

namespace LiveChat.Gateway.Tests.Helpdesk;

/// <summary>Helpdesk installations and embed sessions through HTTP: what opens the embed page, and every refusal.</summary>
public sealed class EmbedSessionTests(HelpdeskFixture fixture) : IClassFixture<HelpdeskFixture>
{
    private const string Helpdesk = "https://acme.zendesk.com";

    [Fact]
    public async Task AnInstallationStartsOffAndItsKeyIsShownOnlyOnce()
    {
        var (id, key) = await fixture.InstallationAsync("freshdesk", [Helpdesk], enabled: false);
        Assert.StartsWith("lchk_", key, StringComparison.Ordinal);
        var admin = await fixture.App.AdminAsync();
        var listed = await admin.Http.GetStringAsync("/api/v1/helpdesk/installations");
        Assert.DoesNotContain(key, listed, StringComparison.Ordinal);
        var installation = (await admin.Http.GetFromJsonAsync<List<HelpdeskInstallationView>>("/api/v1/helpdesk/installations"))!.Single(i => i.Id == id);
        Assert.False(installation.Enabled);

        var off = await fixture.AskForSessionAsync(key, new { installationId = id, agentEmail = GatewayApp.AdminEmail, requesterEmail = "ada@example.test" });
        Assert.Equal(HttpStatusCode.Forbidden, off.StatusCode);
        Assert.Contains("turned off", await off.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var replaced = await admin.Http.PostAsync($"/api/v1/helpdesk/installations/{id}/key", null);
        var newKey = (await replaced.Content.ReadFromJsonAsync<HelpdeskInstallationKey>())!.Key;
        Assert.NotEqual(key, newKey);
        var oldKey = await fixture.AskForSessionAsync(key, new { installationId = id, agentEmail = GatewayApp.AdminEmail, requesterEmail = "ada@example.test" });
        Assert.Equal(HttpStatusCode.Unauthorized, oldKey.StatusCode);
    }

    [Fact]
    public async Task TheOneTimeUrlOpensOnceForItsAgentAndCustomer()
    {
        var (id, key) = await fixture.InstallationAsync("zohodesk", [Helpdesk]);
        var agent = await (await fixture.App.AdminAsync()).OperatorAsync("agent");
        var asked = await fixture.AskForSessionAsync(key, new { installationId = id, agentEmail = agent.Email.ToUpperInvariant(), requesterEmail = "ada@example.test", ticketId = "1234" });
        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        var session = (await asked.Content.ReadFromJsonAsync<EmbedSessionResponse>())!;
        Assert.StartsWith($"{fixture.App.BaseAddress.ToString().TrimEnd('/')}/console/embed/{id}#code=", session.Url, StringComparison.Ordinal);
        Assert.Equal(fixture.Clock.GetUtcNow().AddSeconds(60), session.ExpiresAt);

        var exchanged = await fixture.ExchangeAsync(session.Url);
        Assert.Equal(HttpStatusCode.OK, exchanged.StatusCode);
        var embed = (await exchanged.Content.ReadFromJsonAsync<EmbedExchangeResponse>())!;
        Assert.Equal(agent.Id, embed.Operator.Id);
        Assert.Equal(new EmbedCustomer("ada@example.test", null, null, "1234"), embed.Customer);
        Assert.Equal(30 * 60, embed.ExpiresIn);
        var client = fixture.App.Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", embed.AccessToken);
        Assert.Equal(agent.Email, (await client.GetFromJsonAsync<OperatorView>("/api/v1/operators/me"))!.Email);

        var replayed = await fixture.ExchangeAsync(session.Url);
        Assert.Equal(HttpStatusCode.Unauthorized, replayed.StatusCode);
        Assert.Contains("already used", await replayed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnExpiredOneTimeUrlIsRefused()
    {
        var (id, key) = await fixture.InstallationAsync("freshdesk", [Helpdesk]);
        var asked = await fixture.AskForSessionAsync(key, new { installationId = id, agentEmail = GatewayApp.AdminEmail, requesterPhone = "+49 30 1234567" });
        var session = (await asked.Content.ReadFromJsonAsync<EmbedSessionResponse>())!;
        fixture.Clock.Advance(TimeSpan.FromSeconds(61));

        var late = await fixture.ExchangeAsync(session.Url);
        Assert.Equal(HttpStatusCode.Unauthorized, late.StatusCode);
        Assert.Contains("expired", await late.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var unknown = await fixture.ExchangeAsync("x#code=not-a-code");
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
    }

    [Fact]
    public async Task AWrongKeyAnAgentWithNoOperatorAndAMissingRequesterAreRefused()
    {
        var (id, key) = await fixture.InstallationAsync("zohodesk", [Helpdesk]);
        var (_, otherKey) = await fixture.InstallationAsync("zohodesk", [Helpdesk]);

        var wrongKey = await fixture.AskForSessionAsync(otherKey, new { installationId = id, agentEmail = GatewayApp.AdminEmail, requesterEmail = "ada@example.test" });
        Assert.Equal(HttpStatusCode.Unauthorized, wrongKey.StatusCode);
        var noKey = await fixture.App.Anonymous().PostAsJsonAsync("/api/v1/embed/sessions", new { installationId = id, agentEmail = GatewayApp.AdminEmail, requesterEmail = "ada@example.test" });
        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);

        var stranger = await fixture.AskForSessionAsync(key, new { installationId = id, agentEmail = "nobody@example.test", requesterEmail = "ada@example.test" });
        Assert.Equal(HttpStatusCode.Forbidden, stranger.StatusCode);
        Assert.Contains("No operator has the email 'nobody@example.test'", await stranger.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var nobody = await fixture.AskForSessionAsync(key, new { installationId = id, agentEmail = GatewayApp.AdminEmail });
        Assert.Equal(HttpStatusCode.BadRequest, nobody.StatusCode);
        Assert.Contains("requesterEmail", await nobody.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AZendeskJwtOpensASessionOnlyForItsAudienceSignedByTheAppsKeyAndUnexpired()
    {
        var (id, _) = await fixture.InstallationAsync("zendesk", [Helpdesk]);
        var request = new { installationId = id, agentEmail = GatewayApp.AdminEmail, requesterEmail = "ada@example.test" };

        Assert.Equal(HttpStatusCode.OK, (await fixture.AskForSessionAsync(fixture.ZendeskJwt(), request)).StatusCode);

        var otherAudience = await fixture.AskForSessionAsync(fixture.ZendeskJwt(audience: "https://evil.zendesk.com/api/v2/apps/installations/1.json"), request);
        Assert.Equal(HttpStatusCode.Unauthorized, otherAudience.StatusCode);
        Assert.Contains("another audience", await otherAudience.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var otherKey = RSA.Create(2048);
        var forged = await fixture.AskForSessionAsync(fixture.ZendeskJwt(key: otherKey), request);
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Contains("not signed by this installation's app key", await forged.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var expired = await fixture.AskForSessionAsync(fixture.ZendeskJwt(expiresIn: TimeSpan.FromMinutes(-2)), request);
        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
        Assert.Contains("expired", await expired.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AZendeskAppNamingAnotherOperatorGetsTheAgentZendeskSigned()
    {
        var (id, _) = await fixture.InstallationAsync("zendesk", [Helpdesk]);
        var agent = await (await fixture.App.AdminAsync()).OperatorAsync("agent");
        fixture.ZendeskUser("3001", agent.Email);

        // The agent's browser changed the app's request to name the admin; Zendesk signed user 3001, the agent.
        var asked = await fixture.AskForSessionAsync(
            fixture.ZendeskJwt(userId: "3001"), new { installationId = id, agentEmail = GatewayApp.AdminEmail, requesterEmail = "ada@example.test" });
        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        var embed = (await (await fixture.ExchangeAsync((await asked.Content.ReadFromJsonAsync<EmbedSessionResponse>())!.Url)).Content.ReadFromJsonAsync<EmbedExchangeResponse>())!;
        Assert.Equal(agent.Id, embed.Operator.Id);
        Assert.Equal("Basic", fixture.Zendesk.RequestsTo("GET /api/v2/users/3001.json").Last().Headers.First(h => h.Key.Equals("Authorization", StringComparison.OrdinalIgnoreCase)).Value.Split(' ')[0]);
    }

    [Fact]
    public async Task AZendeskUserZendeskDoesNotKnowAnUnreachableZendeskAndAnUnsignedAgentAreRefused()
    {
        var (id, _) = await fixture.InstallationAsync("zendesk", [Helpdesk]);
        var request = new { installationId = id, agentEmail = GatewayApp.AdminEmail, requesterEmail = "ada@example.test" };
        fixture.Zendesk.On("GET /api/v2/users/3002.json", StubResponse.Json("""{"error":"RecordNotFound","description":"Not found"}""", HttpStatusCode.NotFound));
        fixture.Zendesk.On("GET /api/v2/users/3003.json", StubResponse.WithStatus(HttpStatusCode.InternalServerError));

        var unknown = await fixture.AskForSessionAsync(fixture.ZendeskJwt(userId: "3002"), request);
        Assert.Equal(HttpStatusCode.Forbidden, unknown.StatusCode);
        Assert.Contains("Zendesk has no active user 3002", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var down = await fixture.AskForSessionAsync(fixture.ZendeskJwt(userId: "3003"), request);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        Assert.Contains("Zendesk could not be asked who user 3003 is", await down.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var unsigned = await fixture.AskForSessionAsync(fixture.ZendeskJwt(userId: null), request);
        Assert.Equal(HttpStatusCode.Forbidden, unsigned.StatusCode);
        Assert.Contains("trustAgentEmail", await unsigned.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("freshdesk")]
    [InlineData("zohodesk")]
    public async Task AKeyOnlyAppsAgentEmailIsRefusedUntilAnAdminTrustsIt(string kind)
    {
        var (id, key) = await fixture.InstallationAsync(kind, [Helpdesk], trustAgentEmail: false);
        var request = new { installationId = id, agentEmail = GatewayApp.AdminEmail, requesterEmail = "ada@example.test" };

        var refused = await fixture.AskForSessionAsync(key, request);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("proves the installation, not which agent is signed in", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var admin = await fixture.App.AdminAsync();
        var trusted = await admin.Http.PutAsJsonAsync($"/api/v1/helpdesk/installations/{id}", new { name = "Support desk", enabled = true, frameAncestors = new[] { Helpdesk }, trustAgentEmail = true });
        Assert.True((await trusted.Content.ReadFromJsonAsync<HelpdeskInstallationView>())!.TrustAgentEmail);
        Assert.Equal(HttpStatusCode.OK, (await fixture.AskForSessionAsync(key, request)).StatusCode);
    }

    [Theory]
    [InlineData("123", "123")]
    [InlineData("https://acme.zendesk.com/api/v2/users/123.json", "123")]
    [InlineData("", null)]
    [InlineData("https://acme.zendesk.com/api/v2/users/me.json", null)]
    [InlineData("123 OR 1=1", null)]
    public void TheZendeskUserIsReadFromTheSubjectClaim(string subject, string? userId) =>
        Assert.Equal(userId, LiveChat.Gateway.Helpdesk.ZendeskToken.UserId(subject));

    [Fact]
    public async Task ZendesksFormPostGetsTheAppPageFramedOnlyByTheInstallationsOrigins()
    {
        var (id, _) = await fixture.InstallationAsync("zendesk", [Helpdesk, "https://*.zdusercontent.com"]);
        var client = fixture.App.Anonymous();

        var opened = await client.PostAsync($"/helpdesk/zendesk/{id}?origin={Uri.EscapeDataString(Helpdesk)}&app_guid=abc", new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = fixture.ZendeskJwt() }));
        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        Assert.Equal("text/html", opened.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"frame-ancestors {Helpdesk} https://*.zdusercontent.com", opened.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Contains("ZAFClient.init()", await opened.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var otherKey = RSA.Create(2048);
        var forged = await client.PostAsync($"/helpdesk/zendesk/{id}", new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = fixture.ZendeskJwt(key: otherKey) }));
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        var otherAudience = await client.PostAsync($"/helpdesk/zendesk/{id}", new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = fixture.ZendeskJwt(audience: "https://other.example") }));
        Assert.Equal(HttpStatusCode.Unauthorized, otherAudience.StatusCode);
    }

    [Fact]
    public async Task TheEmbedPageMayBeFramedByExactlyTheConfiguredOrigins()
    {
        var (id, _) = await fixture.InstallationAsync("freshdesk", [Helpdesk, "https://acme.freshdesk.com"]);
        var (off, _) = await fixture.InstallationAsync("freshdesk", [Helpdesk], enabled: false);
        var client = fixture.App.Anonymous();

        var page = await client.GetAsync($"/console/embed/{id}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal($"frame-ancestors {Helpdesk} https://acme.freshdesk.com", page.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("frame-ancestors 'none'", (await client.GetAsync($"/console/embed/{off}")).Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("frame-ancestors 'none'", (await client.GetAsync("/console/embed/hdi_unknown")).Headers.GetValues("Content-Security-Policy").Single());
    }

    [Fact]
    public async Task AFrameAncestorThatIsNotAnOriginIsRefusedNamingTheField()
    {
        var admin = await fixture.App.AdminAsync();
        var bad = await admin.Http.PostAsJsonAsync("/api/v1/helpdesk/installations", new { kind = "freshdesk", name = "Desk", frameAncestors = new[] { "https://acme.freshdesk.com; script-src *" } });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("frameAncestors", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var wrongKind = await admin.Http.PostAsJsonAsync("/api/v1/helpdesk/installations", new { kind = "jira", name = "Desk", frameAncestors = new[] { Helpdesk } });
        Assert.Equal(HttpStatusCode.BadRequest, wrongKind.StatusCode);
        var notAKey = await admin.Http.PostAsJsonAsync("/api/v1/helpdesk/installations", new { kind = "zendesk", name = "Desk", frameAncestors = new[] { Helpdesk }, zendeskAudience = "x", zendeskPublicKey = "not a key" });
        Assert.Equal(HttpStatusCode.BadRequest, notAKey.StatusCode);
        var agent = await admin.OperatorAsync("agent");
        var asAgent = await fixture.App.SignInAsync(agent.Email, agent.Password);
        Assert.Equal(HttpStatusCode.Forbidden, (await asAgent.Http.GetAsync("/api/v1/helpdesk/installations")).StatusCode);
    }

    [Fact]
    public async Task TheApiAndTheEventStreamAnswerCorsForTheConfiguredOriginOnly()
    {
        var client = fixture.App.Anonymous();
        foreach (var path in new[] { "/api/v1/events", "/api/v1/chats" })
        {
            using var allowed = new HttpRequestMessage(HttpMethod.Options, path);
            allowed.Headers.Add("Origin", HelpdeskFixture.CorsOrigin);
            allowed.Headers.Add("Access-Control-Request-Method", "GET");
            allowed.Headers.Add("Access-Control-Request-Headers", "authorization");
            var answer = await client.SendAsync(allowed);
            Assert.Equal(HelpdeskFixture.CorsOrigin, answer.Headers.GetValues("Access-Control-Allow-Origin").Single());

            using var other = new HttpRequestMessage(HttpMethod.Options, path);
            other.Headers.Add("Origin", "https://evil.example");
            other.Headers.Add("Access-Control-Request-Method", "GET");
            Assert.False((await client.SendAsync(other)).Headers.Contains("Access-Control-Allow-Origin"));
        }
    }

    [Fact]
    public async Task TheHelpdeskRoutesAreInTheOpenApiDocument()
    {
        var document = await fixture.App.Anonymous().GetStringAsync("/openapi/v1.json");
        foreach (var name in new[] { "CreateEmbedSession", "ExchangeEmbedCode", "ListCustomerChats", "CreateHelpdeskInstallation", "UpdateHelpdeskInstallation", "ReplaceHelpdeskInstallationKey", "OpenZendeskApp", "ListVisitorHelpdeskTickets" })
        {
            Assert.Contains($"\"{name}\"", document, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ACustomersChatsAreFoundByEmailOrPhone()
    {
        var (conversationId, token, _) = await fixture.StartAsync("Grace Hopper");
        await fixture.PostAsync(conversationId, token, new
        {
            type = "message",
            from = new { id = "r_user1", name = "Grace Hopper" },
            text = "The compiler ate my homework",
            channelData = new { visitor = new { email = "Grace@Example.test", phone = "+1 555 0100" } },
        });
        var admin = await fixture.App.AdminAsync();
        var chatId = await fixture.ChatIdAsync(conversationId);

        var byEmail = await admin.Http.GetFromJsonAsync<List<ChatView>>("/api/v1/customers/chats?email=grace@example.test");
        Assert.Contains(byEmail!, c => c.Id == chatId);
        var none = await admin.Http.GetFromJsonAsync<List<ChatView>>("/api/v1/customers/chats?email=someone-else@example.test");
        Assert.DoesNotContain(none!, c => c.Id == chatId);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.Http.GetAsync("/api/v1/customers/chats")).StatusCode);
    }
}
