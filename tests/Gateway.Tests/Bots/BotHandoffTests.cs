using LiveChat.Channels.Activities;
using LiveChat.Gateway.Tests.Routing;

namespace LiveChat.Gateway.Tests.Bots;

public sealed class BotHandoffTests(BotFixture fixture) : IClassFixture<BotFixture>
{
    [Fact]
    public async Task HandoffGoesToTheSkillsDepartmentAndKeepsTheBotsTranscriptLinesTheChatDidNotHave()
    {
        var admin = await fixture.App.AdminAsync();
        var name = $"Billing {Guid.NewGuid():N}";
        var billing = await admin.DepartmentAsync(name);
        var (chatId, activity) = await fixture.CustomerWritesAsync(Key("1660"), "my invoice is wrong");
        var transcript = new
        {
            activities = new object[]
            {
                new { type = "message", id = activity.GetProperty("id").GetString(), from = new { id = "someone", role = "user" }, text = "my invoice is wrong" },
                new { type = "message", from = new { id = "Echo", role = "bot" }, text = "I checked invoice 42: it looks right to me." },
            },
        };

        var response = await fixture.BotClient("Echo", BotFixture.EchoSecret).PostAsJsonAsync($"/v3/conversations/{chatId}/activities", new
        {
            type = "event",
            name = "handoff.initiate",
            value = new { skill = name.ToUpperInvariant() },
            attachments = new[] { new { contentType = "application/json", name = "Transcript", content = transcript } },
        });

        response.EnsureSuccessStatusCode();
        var chat = await admin.Http.GetFromJsonAsync<JsonElement>($"/api/v1/chats/{chatId}");
        Assert.Equal("queued", chat.GetProperty("state").GetString());
        Assert.Equal(billing, chat.GetProperty("departmentId").GetString());
        var messages = (await admin.Http.GetFromJsonAsync<JsonElement>($"/api/v1/chats/{chatId}/messages")).EnumerateArray().ToList();
        Assert.Single(messages, m => m.GetProperty("text").GetString() == "my invoice is wrong");
        var botLine = Assert.Single(messages, m => m.GetProperty("text").GetString() == "I checked invoice 42: it looks right to me.");
        Assert.Equal("bot", botLine.GetProperty("from").GetProperty("kind").GetString());
    }

    [Fact]
    public async Task TheBotHearsCompletedWhenTheOperatorEndsTheChatItHandedOver()
    {
        var (chatId, _) = await fixture.CustomerWritesAsync(Key("1661"), "human please");
        await HandOffAsync(chatId);
        var admin = await fixture.App.AdminAsync();
        var chat = await admin.Http.GetFromJsonAsync<JsonElement>($"/api/v1/chats/{chatId}");
        var agent = await fixture.App.OnlineAsync(admin, "supervisor", chat.GetProperty("departmentId").GetString()!);
        (await agent.Http.PostAsync($"/api/v1/chats/{chatId}/pickup", null)).EnsureSuccessStatusCode();
        (await agent.Http.PostAsJsonAsync($"/api/v1/chats/{chatId}/end", new { afterSeconds = 0 })).EnsureSuccessStatusCode();

        var states = await StatusesAsync(chatId, 2);

        Assert.Equal(["accepted", "completed"], states);
    }

    [Fact]
    public async Task TheBotHearsFailedWithAMessageWhenTheCustomerLeavesBeforeAnyoneTakesTheChat()
    {
        var key = Key("1662");
        var (chatId, _) = await fixture.CustomerWritesAsync(key, "get me a person");
        await HandOffAsync(chatId);
        var item = Seed.CustomerText("whatsapp", key, "bye");
        var leave = item with { Activity = item.Activity with { Type = ActivityTypes.EndOfConversation } };

        await fixture.App.Inbox.IngestAsync(new([leave], []), CancellationToken.None);

        var status = await StatusAsync(chatId, 1);
        Assert.Equal("failed", status.GetProperty("value").GetProperty("state").GetString());
        Assert.False(string.IsNullOrEmpty(status.GetProperty("value").GetProperty("message").GetString()));
    }

    [Fact]
    public async Task ACustomerKeywordQueuesTheChatForHumansWithoutTheBotSeeingIt()
    {
        var key = Key("1663");
        var (chatId, _) = await fixture.CustomerWritesAsync(key, "where is my parcel");

        await fixture.App.Inbox.IngestAsync(new([Seed.CustomerText("whatsapp", key, "Agent!")], []), CancellationToken.None);

        var admin = await fixture.App.AdminAsync();
        var chat = await admin.Http.GetFromJsonAsync<JsonElement>($"/api/v1/chats/{chatId}");
        Assert.Equal("queued", chat.GetProperty("state").GetString());
        Assert.Equal(0, await fixture.BotDeliveriesWaitingAsync(chatId));
        Assert.DoesNotContain(fixture.Bot.RequestsTo("POST /api/messages"), r => r.Body.Contains("Agent!", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnOperatorHandsTheChatBackAndTheBotHearsCompletedAndAnswersAgain()
    {
        var key = Key("1664");
        var (chatId, _) = await fixture.CustomerWritesAsync(key, "human please");
        await HandOffAsync(chatId);
        var admin = await fixture.App.AdminAsync();
        var chat = await admin.Http.GetFromJsonAsync<JsonElement>($"/api/v1/chats/{chatId}");
        var agent = await fixture.App.OnlineAsync(admin, "supervisor", chat.GetProperty("departmentId").GetString()!);
        (await agent.Http.PostAsync($"/api/v1/chats/{chatId}/pickup", null)).EnsureSuccessStatusCode();

        var handback = await agent.Http.PostAsJsonAsync($"/api/v1/chats/{chatId}/handback", new { });

        handback.EnsureSuccessStatusCode();
        Assert.Equal("bot", (await handback.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").GetString());
        Assert.Equal(["accepted", "completed"], await StatusesAsync(chatId, 2));
        var (again, _) = await fixture.CustomerWritesAsync(key, "one more question for the bot");
        Assert.Equal(chatId, again);
        var reply = await fixture.BotClient("Echo", BotFixture.EchoSecret).PostAsJsonAsync($"/v3/conversations/{chatId}/activities", new { type = "message", text = "Sure!" });
        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
    }

    [Fact]
    public async Task HandingBackAChatThatIsNotActiveIs409()
    {
        var (chatId, _) = await fixture.CustomerWritesAsync(Key("1665"), "still with the bot");
        var admin = await fixture.App.AdminAsync();

        var response = await admin.Http.PostAsJsonAsync($"/api/v1/chats/{chatId}/handback", new { });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }

    private static string Key(string prefix) => $"{prefix}{Random.Shared.Next(1_000_000, 9_999_999)}";

    private async Task HandOffAsync(string chatId) =>
        (await fixture.BotClient("Echo", BotFixture.EchoSecret).PostAsJsonAsync($"/v3/conversations/{chatId}/activities", new { type = "event", name = "handoff.initiate" }))
            .EnsureSuccessStatusCode();

    private async Task<List<string>> StatusesAsync(string chatId, int count)
    {
        await StatusAsync(chatId, count);
        return [.. Statuses(chatId).Select(s => s.GetProperty("value").GetProperty("state").GetString()!)];
    }

    private async Task<JsonElement> StatusAsync(string chatId, int count)
    {
        var found = await Eventually.Until($"{count} handoff.status event(s) for {chatId} at the bot", () => Statuses(chatId), s => s.Count >= count);
        return found[count - 1];
    }

    private List<JsonElement> Statuses(string chatId) =>
        [.. fixture.Bot.RequestsTo("POST /api/messages").Select(r => r.Json())
            .Where(a => a.TryGetProperty("name", out var n) && n.GetString() == "handoff.status" && a.GetProperty("conversation").GetProperty("id").GetString() == chatId)];
}
