using System.Net.Http.Headers;
using LiveChat.Channels.BotConnector;
using LiveChat.Gateway.Tests.DirectLine;
using LiveChat.Gateway.Tests.Routing;

namespace LiveChat.Gateway.Tests.Bots;

/// <summary>
/// A gateway whose WhatsApp and web widget (Direct Line) chats start with the "Echo" bot (a stub) and whose Messenger
/// chats start with "Other".
/// </summary>
public sealed class BotFixture : DirectLineFixture
{
    public const string EchoSecret = "echo-secret-0123456789-0123456789-abcdef";
    public const string OtherSecret = "other-secret-0123456789-0123456789-abcdef";
    private const string EchoRoute = "POST /api/messages";

    public StubServer Bot { get; private set; } = null!;

    protected override IDictionary<string, string?> Settings
    {
        get
        {
            var settings = base.Settings;
            settings["Bots:Echo:Endpoint"] = new Uri(Bot.BaseUri, "api/messages").ToString();
            settings["Bots:Echo:Secret"] = EchoSecret;
            settings["Bots:Echo:Channels:0"] = "whatsapp";
            settings["Bots:Echo:Channels:1"] = "webchat";
            settings["Bots:Echo:HumanKeywords:0"] = "agent";
            settings["Bots:Other:Endpoint"] = new Uri(Bot.BaseUri, "other/messages").ToString();
            settings["Bots:Other:Secret"] = OtherSecret;
            settings["Bots:Other:Channels:0"] = "messenger";
            settings["BotDelivery:RetryDelay"] = "00:00:00.050";
            return settings;
        }
    }

    public override async Task InitializeAsync()
    {
        Bot = await StubServer.StartAsync();
        Bot.On(EchoRoute, StubResponse.WithStatus(HttpStatusCode.OK));
        Bot.On("POST /other/messages", StubResponse.WithStatus(HttpStatusCode.OK));
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Bot.DisposeAsync();
    }

    public HttpClient BotClient(string name, string secret) => App.BotClient(name, secret);

    public HttpClient Echo() => BotClient("Echo", EchoSecret);

    /// <summary>What the Echo bot received so far, oldest first.</summary>
    public IReadOnlyList<JsonElement> EchoReceived() => [.. Bot.RequestsTo(EchoRoute).Select(r => r.Json())];

    /// <summary>What the Echo bot received for one chat, oldest first.</summary>
    public IReadOnlyList<JsonElement> EchoReceived(string chatId) =>
        [.. EchoReceived().Where(a => a.GetProperty("conversation").GetProperty("id").GetString() == chatId)];

    /// <summary>Waits for the Echo bot to receive an activity that matches, after the first <paramref name="skip"/> it received.</summary>
    public async Task<JsonElement> EchoReceivesAsync(Func<JsonElement, bool> match, int skip = 0)
    {
        return await Eventually.Until(
            "the Echo bot to receive the expected activity",
            () => EchoReceived().Skip(skip).FirstOrDefault(match),
            found => found.ValueKind == JsonValueKind.Object);
    }

    /// <summary>
    /// How many deliveries to the bot the chat has waiting. A delivery is written in the transaction that stored what
    /// the bot should hear, and deleted only after the bot answered it; so with none waiting right after that commit,
    /// whatever the bot has not received by then it will never receive.
    /// </summary>
    public async Task<long> BotDeliveriesWaitingAsync(string chatId)
    {
        await using var connection = await Database.OpenAsync();
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM bot_deliveries WHERE chat_id = @chatId", new { chatId });
    }

    public static bool IsMessage(JsonElement activity, string text) =>
        activity.GetProperty("type").GetString() == "message" && activity.TryGetProperty("text", out var t) && t.GetString() == text;

    /// <summary>A customer writes on WhatsApp; returns the chat id the bot received it for.</summary>
    public async Task<(string ChatId, JsonElement Activity)> CustomerWritesAsync(string key, string text)
    {
        var before = EchoReceived().Count;
        await App.Inbox.IngestAsync(new([Seed.CustomerText("whatsapp", key, text, name: "Sheena")], []), CancellationToken.None);
        var activity = await EchoReceivesAsync(a => IsMessage(a, text), before);
        return (activity.GetProperty("conversation").GetProperty("id").GetString()!, activity);
    }

    /// <summary>A visitor starts a web widget chat and writes; returns the Direct Line conversation, its token and the chat id the bot got.</summary>
    public async Task<(string ConversationId, string Token, string ChatId)> VisitorWritesAsync(string text)
    {
        var before = EchoReceived().Count;
        var (conversationId, token, _) = await StartAsync("Vera");
        await PostAsync(conversationId, token, new { type = "message", text, from = new { id = "r_user1", name = "Vera" } });
        var activity = await EchoReceivesAsync(a => IsMessage(a, text), before);
        return (conversationId, token, activity.GetProperty("conversation").GetProperty("id").GetString()!);
    }

    /// <summary>The Echo bot answers in a chat; returns the id the gateway gave its message.</summary>
    public async Task<string> EchoSaysAsync(string chatId, string text)
    {
        var response = await Echo().PostAsJsonAsync($"/v3/conversations/{chatId}/activities", new { type = "message", text });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
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
        Assert.True(await BotTokens.IsValidAsync(token, BotFixture.EchoSecret, BotTokens.Gateway, "Echo", DateTimeOffset.UtcNow));
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
        Assert.DoesNotContain(fixture.EchoReceived(chatId), a => BotFixture.IsMessage(a, "thanks, human"));
    }

    [Fact]
    public async Task ANewChatStartsWithAConversationUpdateAddingTheCustomerAndTheBotBeforeTheFirstMessage()
    {
        var key = $"1657{Random.Shared.Next(1_000_000, 9_999_999)}";
        var (chatId, first) = await fixture.CustomerWritesAsync(key, "first words");
        var (_, second) = await fixture.CustomerWritesAsync(key, "second words");

        var received = fixture.EchoReceived(chatId);
        Assert.Equal(["conversationUpdate", "message", "message"], received.Select(a => a.GetProperty("type").GetString()));
        var update = received[0];
        var visitorId = first.GetProperty("from").GetProperty("id").GetString();
        Assert.Equal(visitorId, update.GetProperty("from").GetProperty("id").GetString());
        Assert.Equal("Echo", update.GetProperty("recipient").GetProperty("id").GetString());
        Assert.Equal(fixture.App.BaseAddress.ToString(), update.GetProperty("serviceUrl").GetString());
        Assert.Equal("whatsapp", update.GetProperty("channelId").GetString());
        var added = update.GetProperty("membersAdded").EnumerateArray().ToList();
        Assert.Equal([visitorId, "Echo"], added.Select(m => m.GetProperty("id").GetString()));
        Assert.Equal(["user", "bot"], added.Select(m => m.GetProperty("role").GetString()));
        Assert.Equal("Sheena", added[0].GetProperty("name").GetString());
        Assert.Equal(second.GetProperty("id").GetString(), received[2].GetProperty("id").GetString());
    }

    [Fact]
    public async Task ABotThatKeepsFailingLosesTheChatToTheQueueWithANoteForOperatorsAndTheQueueNoticeForTheCustomer()
    {
        var key = $"1656{Random.Shared.Next(1_000_000, 9_999_999)}";
        fixture.Bot.On("POST /api/messages", r => r.Body.Contains("is the bot down?", StringComparison.Ordinal)
            ? StubResponse.WithStatus(HttpStatusCode.InternalServerError)
            : StubResponse.WithStatus(HttpStatusCode.OK));
        try
        {
            await fixture.App.Inbox.IngestAsync(new([Seed.CustomerText("whatsapp", key, "is the bot down?")], []), CancellationToken.None);
            var admin = await fixture.App.AdminAsync();

            var note = await WaitForMessageAsync(admin, key, m => m.GetProperty("internal").GetBoolean());

            Assert.Equal("system", note.GetProperty("from").GetProperty("kind").GetString());
            Assert.Equal("From bot Echo to the queue: the bot did not answer after 3 attempt(s) (HTTP 500).", note.GetProperty("text").GetString());
            var chatId = note.GetProperty("chatId").GetString()!;
            var chat = await admin.Http.GetFromJsonAsync<JsonElement>($"/api/v1/chats/{chatId}");
            Assert.Equal("queued", chat.GetProperty("state").GetString());
            Assert.Equal(3, fixture.EchoReceived(chatId).Count(a => BotFixture.IsMessage(a, "is the bot down?")));
            var messages = (await admin.Http.GetFromJsonAsync<JsonElement>($"/api/v1/chats/{chatId}/messages")).EnumerateArray().ToList();
            var notice = Assert.Single(messages, m => m.GetProperty("text").GetString()!.Contains(" in the queue. Estimated wait: ", StringComparison.Ordinal));
            Assert.False(notice.GetProperty("internal").GetBoolean());
        }
        finally
        {
            fixture.Bot.On("POST /api/messages", StubResponse.WithStatus(HttpStatusCode.OK));
        }
    }

    /// <summary>Waits for a message of the WhatsApp customer <paramref name="key"/>'s chat that matches.</summary>
    private async Task<JsonElement> WaitForMessageAsync(OperatorClient admin, string key, Func<JsonElement, bool> match)
    {
        await using var connection = await fixture.Database.OpenAsync();
        var chatId = await connection.ExecuteScalarAsync<string>("SELECT id FROM chats WHERE channel = 'whatsapp' AND conversation_key = @key", new { key });
        return await Eventually.Until(
            $"a matching message in chat {chatId}",
            async () => (await admin.Http.GetFromJsonAsync<JsonElement>($"/api/v1/chats/{chatId}/messages")).EnumerateArray().FirstOrDefault(match),
            found => found.ValueKind == JsonValueKind.Object);
    }

    private Task<JsonElement> WaitForStatusAsync(string chatId) =>
        fixture.EchoReceivesAsync(a => a.TryGetProperty("name", out var n) && n.GetString() == "handoff.status" && a.GetProperty("conversation").GetProperty("id").GetString() == chatId);
}
