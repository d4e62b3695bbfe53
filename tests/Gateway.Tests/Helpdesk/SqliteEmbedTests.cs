using System.Net.Http.Headers;
using LiveChat.Channels.Inbox;

namespace LiveChat.Gateway.Tests.Helpdesk;

/// <summary>The embedded (SQLite) setup: installations, one-time URLs, their single use and expiry, a customer's chats.</summary>
public sealed class SqliteEmbedTests
{
    [Fact]
    public async Task TheEmbeddedSetupOpensAnEmbedSessionOnceAndFindsTheCustomer()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        await using var app = new GatewayApp(database, new Dictionary<string, string?> { ["Routing:SweepIntervalMilliseconds"] = "60000" }, clock);
        var admin = await app.AdminAsync();
        await app.Inbox.IngestAsync(InboundBatch.Of(Seed.CustomerText("whatsapp", "4915112345678", "Is my order on its way?", name: "Lisa")), CancellationToken.None);
        var created = await admin.Http.PostAsJsonAsync("/api/v1/helpdesk/installations", new { kind = "zohodesk", name = "Desk", frameAncestors = new[] { "https://desk.zoho.eu" }, trustAgentEmail = true });
        var installation = (await created.Content.ReadFromJsonAsync<HelpdeskInstallationKey>())!;
        (await admin.Http.PutAsJsonAsync($"/api/v1/helpdesk/installations/{installation.Installation.Id}", new
        {
            name = "Desk", enabled = true, frameAncestors = new[] { "https://desk.zoho.eu" }, trustAgentEmail = true,
        })).EnsureSuccessStatusCode();

        var client = app.Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", installation.Key);
        async Task<string> SessionAsync() => (await (await client.PostAsJsonAsync("/api/v1/embed/sessions", new
        {
            installationId = installation.Installation.Id, agentEmail = GatewayApp.AdminEmail, requesterPhone = "+49 151 12345678",
        })).Content.ReadFromJsonAsync<EmbedSessionResponse>())!.Url.Split("#code=")[1];
        var code = await SessionAsync();
        var exchanged = await app.Anonymous().PostAsJsonAsync("/api/v1/embed/exchange", new { code });
        Assert.Equal(HttpStatusCode.OK, exchanged.StatusCode);
        var embed = (await exchanged.Content.ReadFromJsonAsync<EmbedExchangeResponse>())!;
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Anonymous().PostAsJsonAsync("/api/v1/embed/exchange", new { code })).StatusCode);
        var late = await SessionAsync();
        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Contains("expired", await (await app.Anonymous().PostAsJsonAsync("/api/v1/embed/exchange", new { code = late })).Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var agent = app.Anonymous();
        agent.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", embed.AccessToken);
        var chats = await agent.GetFromJsonAsync<List<ChatView>>($"/api/v1/customers/chats?phone={Uri.EscapeDataString(embed.Customer.Phone!)}");
        Assert.Equal("+4915112345678", Assert.Single(chats!).Visitor.Phone);
    }
}
