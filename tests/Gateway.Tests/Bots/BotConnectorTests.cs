using System.Net.Http.Headers;
using LiveChat.Channels.BotConnector;
using LiveChat.Gateway.Tests.Routing;

namespace LiveChat.Gateway.Tests.Bots;

/// <summary>A gateway whose WhatsApp chats start with the "Echo" bot (a stub) and whose Messenger chats start with "Other".</summary>
public sealed class BotFixture : GatewayFixture
{
    public const string EchoSecret = "echo-secret-0123456789-0123456789-abcdef";
    public const string OtherSecret = "other-secret-0123456789-0123456789-abcdef";

    public StubServer Bot { get; private set; } = null!;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Bots:Echo:Endpoint"] = new Uri(Bot.BaseUri, "api/messages").ToString(),
        ["Bots:Echo:Secret"] = EchoSecret,
        ["Bots:Echo:Channels:0"] = "whatsapp",
        ["Bots:Echo:HumanKeywords:0"] = "agent",
        ["Bots:Other:Endpoint"] = new Uri(Bot.BaseUri, "other/messages").ToString(),
        ["Bots:Other:Secret"] = OtherSecret,
        ["Bots:Other:Channels:0"] = "messenger",
        ["BotDelivery:RetryDelay"] = "00:00:00.050",
    };

    public override async Task InitializeAsync()
    {
        Bot = await StubServer.StartAsync();
        Bot.On("POST /api/messages", StubResponse.WithStatus(HttpStatusCode.OK));
        Bot.On("POST /other/messages", StubResponse.WithStatus(HttpStatusCode.OK));
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Bot.DisposeAsync();
    }

    public HttpClient BotClient(string name, string secret)
    {
        var client = App.Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Bearer", BotTokens.Create(name, BotTokens.Gateway, secret, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)));
        return client;
    }

    /// <summary>A customer writes on WhatsApp; returns the chat id the bot received it for.</summary>
    public async Task<(string ChatId, JsonElement Activity)> CustomerWritesAsync(string key, string text)
    {
        var before = Bot.RequestsTo("POST /api/messages").Count;
        await App.Inbox.IngestAsync(new([Seed.CustomerText("whatsapp", key, text, name: "Sheena")], []), CancellationToken.None);
        var requests = await Bot.WaitForAsync("POST /api/messages", before + 1);
        var activity = requests.Skip(before).Select(r => r.Json()).Single(a => a.GetProperty("text").GetString() == text);
        return (activity.GetProperty("conversation").GetProperty("id").GetString()!, activity);
    }
}

public sealed class BotConnectorTests(BotFixture fixture) : IClassFixture<BotFixture>
{
    [Fact]
    public async Task ABotFrontedChatStartsWithTheBotWhichGetsTheCustomersActivitySignedAndAddressedBackToTheGateway()
    {
        var (chatId, activity) = await fixture.CustomerWritesAsync($"1650{Random.Shared.Next(1_000_000, 9_999_999)}", "Do you ship to Oslo?");

        var request = fixture.Bot.RequestsTo("POST /api/messages").Last(r => r.Body.Contains("Oslo", StringComparison.Ordinal));
        var token = request.Header("Authorization")!["Bearer ".Length..];
        Assert.True(BotTokens.IsValid(token, BotFixture.EchoSecret, BotTokens.Gateway, "Echo", DateTimeOffset.UtcNow));
        Assert.Equal("message", activity.GetProperty("type").GetString());
        Assert.Equal(fixture.App.BaseAddress.ToString(), activity.GetProperty("serviceUrl").GetString());
        Assert.Equal("whatsapp", activity.GetProperty("channelId").GetString());
        Assert.Equal("user", activity.GetProperty("from").GetProperty("role").GetString());
        Assert.Equal("Echo", activity.GetProperty("recipient").GetProperty("id").GetString());
        Assert.False(string.IsNullOrEmpty(activity.GetProperty("id").GetString()));
        var admin = await fixture.App.AdminAsync();
        var chat = await admin.Http.GetFromJsonAsync<JsonElement>($"/api/v1/chats/{chatId}");
        Assert.Equal("bot", chat.GetProperty("state").GetString());
    }

    [Fact]
    public async Task ABotsReplyGoesIntoTheTranscriptAsABotMessageAndAnswersWithItsId()
    {
        var (chatId, activity) = await fixture.CustomerWritesAsync($"1651{Random.Shared.Next(1_000_000, 9_999_999)}", "hello bot");
        var bot = fixture.BotClient("Echo", BotFixture.EchoSecret);

        var response = await bot.PostAsJsonAsync(
            $"/v3/conversations/{chatId}/activities/{Uri.EscapeDataString(activity.GetProperty("id").GetString()!)}",
            new { type = "message", text = "Echo: hello bot", from = new { id = "Echo", role = "bot" } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        var admin = await fixture.App.AdminAsync();
        var messages = await admin.Http.GetFromJsonAsync<JsonElement>($"/api/v1/chats/{chatId}/messages");
        var reply = messages.EnumerateArray().Single(m => m.GetProperty("id").GetString() == id);
        Assert.Equal("Echo: hello bot", reply.GetProperty("text").GetString());
        Assert.Equal("bot", reply.GetProperty("from").GetProperty("kind").GetString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer not-a-jwt")]
    [InlineData("forged")]
    public async Task CallsWithoutAValidBotTokenAre401WithAnErrorResponse(string? authorization)
    {
        var (chatId, _) = await fixture.CustomerWritesAsync($"1652{Random.Shared.Next(1_000_000, 9_999_999)}", "anyone there?");
        var client = fixture.App.Anonymous();
        if (authorization == "forged")
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
                "Bearer", BotTokens.Create("Echo", BotTokens.Gateway, "a-secret-that-is-not-echos-0123456789", DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)));
        }
        else if (authorization is not null)
        {
            client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", authorization);
        }

        var response = await client.PostAsJsonAsync($"/v3/conversations/{chatId}/activities", new { type = "message", text = "sneaky" });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error");
        Assert.Equal("Unauthorized", error.GetProperty("code").GetString());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
    }

    [Fact]
    public async Task ABotCannotWriteToAConversationItDoesNotFront()
    {
        var (chatId, _) = await fixture.CustomerWritesAsync($"1653{Random.Shared.Next(1_000_000, 9_999_999)}", "for echo only");

        var response = await fixture.BotClient("Other", BotFixture.OtherSecret)
            .PostAsJsonAsync($"/v3/conversations/{chatId}/activities", new { type = "message", text = "not mine" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("Forbidden", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task AnActivityWithoutATypeIs400BadArgument()
    {
        var (chatId, _) = await fixture.CustomerWritesAsync($"1654{Random.Shared.Next(1_000_000, 9_999_999)}", "typeless");

        var response = await fixture.BotClient("Echo", BotFixture.EchoSecret).PostAsJsonAsync($"/v3/conversations/{chatId}/activities", new { text = "no type" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("BadArgument", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task HandoffQueuesTheChatStopsBotDeliveriesAndTellsTheBotWhenAnOperatorAccepts()
    {
        var key = $"1655{Random.Shared.Next(1_000_000, 9_999_999)}";
        var (chatId, _) = await fixture.CustomerWritesAsync(key, "I want a human");
        var bot = fixture.BotClient("Echo", BotFixture.EchoSecret);

        var handoff = await bot.PostAsJsonAsync($"/v3/conversations/{chatId}/activities", new { type = "event", name = "handoff.initiate", value = new { skill = "nonexistent" } });

        Assert.Equal(HttpStatusCode.OK, handoff.StatusCode);
        var admin = await fixture.App.AdminAsync();
        var chat = await admin.Http.GetFromJsonAsync<JsonElement>($"/api/v1/chats/{chatId}");
        Assert.Equal("queued", chat.GetProperty("state").GetString());
        var afterHandoff = (await bot.PostAsJsonAsync($"/v3/conversations/{chatId}/activities", new { type = "message", text = "still me" })).StatusCode;
        Assert.Equal(HttpStatusCode.Forbidden, afterHandoff);

        var agent = await fixture.App.OnlineAsync(admin, "supervisor", chat.GetProperty("departmentId").GetString()!);
        (await agent.Http.PostAsync($"/api/v1/chats/{chatId}/pickup", null)).EnsureSuccessStatusCode();
        await fixture.App.Inbox.IngestAsync(new([Seed.CustomerText("whatsapp", key, "thanks, human")], []), CancellationToken.None);

        var status = await WaitForStatusAsync(chatId);
        Assert.Equal("accepted", status.GetProperty("value").GetProperty("state").GetString());
        Assert.DoesNotContain(fixture.Bot.RequestsTo("POST /api/messages"), r => r.Body.Contains("thanks, human", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ABotThatKeepsFailingLosesTheChatToTheHumanQueue()
    {
        var key = $"1656{Random.Shared.Next(1_000_000, 9_999_999)}";
        fixture.Bot.Enqueue("POST /api/messages", StubResponse.WithStatus(HttpStatusCode.InternalServerError), StubResponse.WithStatus(HttpStatusCode.BadGateway), StubResponse.WithStatus(HttpStatusCode.ServiceUnavailable));
        await fixture.App.Inbox.IngestAsync(new([Seed.CustomerText("whatsapp", key, "is the bot down?")], []), CancellationToken.None);
        var admin = await fixture.App.AdminAsync();

        var deadline = DateTime.UtcNow.AddSeconds(10);
        string? state = null;
        while (DateTime.UtcNow < deadline && state != "queued")
        {
            await Task.Delay(50);
            var queued = await admin.Http.GetFromJsonAsync<JsonElement>("/api/v1/chats?view=queued&channel=whatsapp");
            state = queued.EnumerateArray().Any(c => c.GetProperty("visitor").GetProperty("phone").GetString()?.Contains(key, StringComparison.Ordinal) == true) ? "queued" : null;
        }

        Assert.Equal("queued", state);
        Assert.True(fixture.Bot.RequestsTo("POST /api/messages").Count(r => r.Body.Contains("is the bot down?", StringComparison.Ordinal)) >= 3);
    }

    private async Task<JsonElement> WaitForStatusAsync(string chatId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            var found = fixture.Bot.RequestsTo("POST /api/messages").Select(r => r.Json())
                .FirstOrDefault(a => a.TryGetProperty("name", out var n) && n.GetString() == "handoff.status" && a.GetProperty("conversation").GetProperty("id").GetString() == chatId);
            if (found.ValueKind == JsonValueKind.Object)
            {
                return found;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("The bot never got handoff.status.");
    }
}
