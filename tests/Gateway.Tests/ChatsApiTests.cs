using LiveChat.Channels.Inbox;

namespace LiveChat.Gateway.Tests;

public sealed class ChatsApiTestsOnPostgres(GatewayFixture fixture) : ChatsApiTests(fixture), IClassFixture<GatewayFixture>;

public sealed class ChatsApiTestsOnSqlite(SqliteGatewayFixture fixture) : ChatsApiTests(fixture), IClassFixture<SqliteGatewayFixture>;

public abstract class ChatsApiTests(GatewayFixture fixture)
{
    [Fact]
    public async Task AgentSeesOnlyTheChatsOfTheirDepartments()
    {
        var admin = await fixture.App.AdminAsync();
        var billing = await admin.DepartmentAsync($"Billing {Guid.NewGuid():N}");
        var sales = await admin.DepartmentAsync($"Sales {Guid.NewGuid():N}");
        var agent = await admin.OperatorAsync("agent", billing);
        await Ingest(Seed.CustomerText("whatsapp", "49100001", "Why was I charged twice?", departmentId: billing));
        await Ingest(Seed.CustomerText("whatsapp", "49100002", "Do you ship to Austria?", departmentId: sales));
        var agentClient = await fixture.App.SignInAsync(agent.Email, agent.Password);

        var queued = await agentClient.Http.GetFromJsonAsync<JsonElement>("/api/v1/chats?view=queued");
        var questions = queued.EnumerateArray().Select(c => c.GetProperty("question").GetString()).ToList();
        Assert.Contains("Why was I charged twice?", questions);
        Assert.DoesNotContain("Do you ship to Austria?", questions);

        var salesChat = await admin.ChatIdAsync("whatsapp", "49100002");
        var forbidden = await agentClient.Http.GetAsync($"/api/v1/chats/{salesChat}");
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal("application/problem+json", forbidden.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Forbidden, (await agentClient.Http.GetAsync($"/api/v1/chats/{salesChat}/messages")).StatusCode);
        var visitorId = (await admin.Http.GetFromJsonAsync<JsonElement>($"/api/v1/chats/{salesChat}")).GetProperty("visitor").GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.Forbidden, (await agentClient.Http.GetAsync($"/api/v1/visitors/{visitorId}")).StatusCode);
    }

    [Fact]
    public async Task SupervisorSeesEveryDepartment()
    {
        var admin = await fixture.App.AdminAsync();
        var returns = await admin.DepartmentAsync($"Returns {Guid.NewGuid():N}");
        var supervisor = await admin.OperatorAsync("supervisor");
        await Ingest(Seed.CustomerText("messenger", "psid-sup-1", "I want to return my jacket", departmentId: returns));
        var client = await fixture.App.SignInAsync(supervisor.Email, supervisor.Password);

        var queued = await client.Http.GetFromJsonAsync<JsonElement>($"/api/v1/chats?view=queued&departmentId={returns}");
        var chat = Assert.Single(queued.EnumerateArray());
        Assert.Equal("I want to return my jacket", chat.GetProperty("question").GetString());
        Assert.Equal(returns, chat.GetProperty("departmentId").GetString());
        Assert.Equal("messenger", chat.GetProperty("channel").GetString());
    }

    [Fact]
    public async Task ViewsSortChatsByStateAndMineMeansChatsIWasIn()
    {
        var admin = await fixture.App.AdminAsync();
        var department = await admin.DepartmentAsync($"Views {Guid.NewGuid():N}");
        var agent = await admin.OperatorAsync("agent", department);
        var keys = new[] { "views-queued", "views-active", "views-ended", "views-missed" };
        foreach (var key in keys)
        {
            await Ingest(Seed.CustomerText("instagram", key, $"question {key}", departmentId: department));
        }

        // Routing actions (pick-up, end) arrive with the routing issue; until then the states are set directly.
        await using (var connection = await fixture.Database.OpenAsync())
        {
            await connection.ExecuteAsync("UPDATE chats SET state = 'active' WHERE conversation_key = 'views-active'");
            await connection.ExecuteAsync("UPDATE chats SET state = 'ended', ended_at = @now WHERE conversation_key = 'views-ended'", new { now = DateTimeOffset.UtcNow });
            await connection.ExecuteAsync("UPDATE chats SET state = 'missed', ended_at = @now WHERE conversation_key = 'views-missed'", new { now = DateTimeOffset.UtcNow });
            await connection.ExecuteAsync(
                "INSERT INTO chat_participants (chat_id, kind, participant_id, name, role, joined_at) SELECT id, 'operator', @Id, 'Agent', 'owner', @now FROM chats WHERE conversation_key IN ('views-active', 'views-ended')",
                new { agent.Id, now = DateTimeOffset.UtcNow });
        }

        var client = await fixture.App.SignInAsync(agent.Email, agent.Password);
        async Task<string[]> View(string view) =>
            [.. (await client.Http.GetFromJsonAsync<JsonElement>($"/api/v1/chats?view={view}&channel=instagram&departmentId={department}"))
                .EnumerateArray().Select(c => c.GetProperty("question").GetString()!.Replace("question ", string.Empty, StringComparison.Ordinal)).Order()];

        Assert.Equal(["views-queued"], await View("queued"));
        Assert.Equal(["views-active"], await View("active"));
        Assert.Equal(["views-ended", "views-missed"], await View("recent"));
        Assert.Equal(["views-missed"], await View("missed"));
        Assert.Equal(["views-active", "views-ended"], await View("mine"));
        var active = await client.Http.GetFromJsonAsync<JsonElement>($"/api/v1/chats?view=active&departmentId={department}");
        var participant = Assert.Single(active[0].GetProperty("participants").EnumerateArray());
        Assert.Equal(agent.Id, participant.GetProperty("id").GetString());
    }

    [Fact]
    public async Task TagFilterFindsTaggedChats()
    {
        var admin = await fixture.App.AdminAsync();
        await Ingest(Seed.CustomerText("whatsapp", "49100077", "VIP question"));
        await Ingest(Seed.CustomerText("whatsapp", "49100078", "Other question"));
        var vip = await admin.ChatIdAsync("whatsapp", "49100077");
        await using (var connection = await fixture.Database.OpenAsync())
        {
            await connection.ExecuteAsync("INSERT INTO chat_tags (chat_id, tag) VALUES (@vip, 'VIP')", new { vip });
        }

        var tagged = await admin.Http.GetFromJsonAsync<JsonElement>("/api/v1/chats?view=queued&tag=VIP");
        var chat = Assert.Single(tagged.EnumerateArray());
        Assert.Equal(vip, chat.GetProperty("id").GetString());
        Assert.Equal(["VIP"], chat.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
    }

    [Fact]
    public async Task VisitorPanelShowsProfileAndRecentChats()
    {
        var admin = await fixture.App.AdminAsync();
        await Ingest(Seed.CustomerText("whatsapp", "49100099", "First visit", name: "Ana Lima"));
        var chatId = await admin.ChatIdAsync("whatsapp", "49100099");
        var visitorId = (await admin.Http.GetFromJsonAsync<JsonElement>($"/api/v1/chats/{chatId}")).GetProperty("visitor").GetProperty("id").GetString();

        var visitor = await admin.Http.GetFromJsonAsync<JsonElement>($"/api/v1/visitors/{visitorId}");

        Assert.Equal("Ana Lima", visitor.GetProperty("name").GetString());
        Assert.Equal("+49100099", visitor.GetProperty("phone").GetString());
        var recent = Assert.Single(visitor.GetProperty("recentChats").EnumerateArray());
        Assert.Equal(chatId, recent.GetProperty("id").GetString());
        Assert.Equal(0, visitor.GetProperty("recentTickets").GetArrayLength());
    }

    [Fact]
    public async Task VisitorPanelShowsWhatTheCustomerToldLaterInTheChat()
    {
        var admin = await fixture.App.AdminAsync();
        await Ingest(Seed.CustomerText("webchat", "dl-profile-1", "Hi, a question about sizes", name: "Ana Lima"));
        var chats = await admin.Http.GetFromJsonAsync<JsonElement>("/api/v1/chats?view=queued&channel=webchat");
        var chatId = chats.EnumerateArray().Single(c => c.GetProperty("question").GetString() == "Hi, a question about sizes").GetProperty("id").GetString();
        var visitorId = (await admin.Http.GetFromJsonAsync<JsonElement>($"/api/v1/chats/{chatId}")).GetProperty("visitor").GetProperty("id").GetString();

        // Into the open chat: the widget now also knows the customer's email and page...
        var told = Seed.CustomerText("webchat", "dl-profile-1", "It's about the blue jacket");
        await Ingest(told with { Visitor = new VisitorProfile { Name = "Ana Lima", Email = "ana@example.com", Page = "https://shop.example/jackets/blue" } });
        // ...and a later message that says nothing about them leaves all of that in place.
        await Ingest(Seed.CustomerText("webchat", "dl-profile-1", "Size M please"));

        var visitor = await admin.Http.GetFromJsonAsync<JsonElement>($"/api/v1/visitors/{visitorId}");
        Assert.Equal("Ana Lima", visitor.GetProperty("name").GetString());
        Assert.Equal("ana@example.com", visitor.GetProperty("email").GetString());
        Assert.Equal("https://shop.example/jackets/blue", visitor.GetProperty("page").GetString());
        var messages = await admin.Http.GetFromJsonAsync<JsonElement>($"/api/v1/chats/{chatId}/messages");
        Assert.Equal(
            ["Hi, a question about sizes", "It's about the blue jacket", "Size M please"],
            messages.EnumerateArray().Where(m => m.GetProperty("from").GetProperty("kind").GetString() == "visitor").Select(m => m.GetProperty("text").GetString()));
    }

    [Fact]
    public async Task TranscriptResumesAfterAMessage()
    {
        var admin = await fixture.App.AdminAsync();
        await Ingest(
            Seed.CustomerText("whatsapp", "49100123", "one"),
            Seed.CustomerText("whatsapp", "49100123", "two"),
            Seed.CustomerText("whatsapp", "49100123", "three"));
        var chatId = await admin.ChatIdAsync("whatsapp", "49100123");
        var all = await admin.Http.GetFromJsonAsync<JsonElement>($"/api/v1/chats/{chatId}/messages");
        var firstId = all[0].GetProperty("id").GetString();

        var rest = await admin.Http.GetFromJsonAsync<JsonElement>($"/api/v1/chats/{chatId}/messages?after={firstId}");

        Assert.Equal(["two", "three"], rest.EnumerateArray().Where(m => m.GetProperty("from").GetProperty("kind").GetString() == "visitor").Select(m => m.GetProperty("text").GetString()));
    }

    private Task Ingest(params InboundItem[] items) => fixture.App.Inbox.IngestAsync(new InboundBatch(items, []), CancellationToken.None);
}
