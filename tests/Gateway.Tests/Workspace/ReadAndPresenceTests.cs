using LiveChat.Gateway.Chats;
using LiveChat.Gateway.Tests.Routing;

namespace LiveChat.Gateway.Tests.Workspace;

public sealed class ReadAndPresenceTestsOnPostgres(ConsoleFixture fixture) : ReadAndPresenceTests(fixture), IClassFixture<ConsoleFixture>;

public sealed class ReadAndPresenceTestsOnSqlite(SqliteConsoleFixture fixture) : ReadAndPresenceTests(fixture), IClassFixture<SqliteConsoleFixture>;

public abstract class ReadAndPresenceTests(ConsoleFixture fixture)
{
    [Fact]
    public async Task UnreadCountsOthersMessagesAfterMyLastReadWhichNeverMovesBackwards()
    {
        var chat = await fixture.ActiveChatAsync("one");
        await fixture.CustomerWritesAsync(chat.Key, "two");
        await fixture.CustomerWritesAsync(chat.Key, "three");
        var customer = (await fixture.MessagesAsync(chat.Owner, chat.ChatId)).Where(m => m.From.Kind == "visitor").ToList();
        await using var stream = await EventStream.OpenAsync(chat.Owner.Http);

        var before = Assert.Single(await UnreadAsync(chat.Owner), u => u.ChatId == chat.ChatId);
        var read = await chat.Owner.PostAsync($"/api/v1/chats/{chat.ChatId}/read", new ReadRequest(customer[1].Id));
        var back = await chat.Owner.PostAsync($"/api/v1/chats/{chat.ChatId}/read", new ReadRequest(customer[0].Id));
        (await chat.Owner.PostAsync($"/api/v1/chats/{chat.ChatId}/messages", new { text = "my own reply is never unread" })).EnsureSuccessStatusCode();
        var after = Assert.Single(await UnreadAsync(chat.Owner), u => u.ChatId == chat.ChatId);

        Assert.Equal(new UnreadView(chat.ChatId, 3, null), before);
        Assert.Equal(new UnreadView(chat.ChatId, 1, customer[1].Id), await read.Content.ReadFromJsonAsync<UnreadView>());
        Assert.Equal(new UnreadView(chat.ChatId, 1, customer[1].Id), await back.Content.ReadFromJsonAsync<UnreadView>());
        Assert.Equal(new UnreadView(chat.ChatId, 1, customer[1].Id), after);
        var told = await stream.NextAsync(ReadState.EventType, d => d.GetProperty("chatId").GetString() == chat.ChatId);
        Assert.Equal(customer[1].Id, told.GetProperty("lastReadMessageId").GetString());
    }

    [Fact]
    public async Task ReadStateEventGoesOnlyToTheOperatorWhoRead()
    {
        var chat = await fixture.ActiveChatAsync();
        var colleague = await fixture.App.OnlineAsync(chat.Admin, "agent", chat.Department);
        var first = (await fixture.MessagesAsync(chat.Owner, chat.ChatId))[0];
        await using var colleagueStream = await EventStream.OpenAsync(colleague.Http);

        (await chat.Owner.PostAsync($"/api/v1/chats/{chat.ChatId}/read", new ReadRequest(first.Id))).EnsureSuccessStatusCode();
        await fixture.CustomerWritesAsync(chat.Key, "marker for the colleague");

        var events = new List<string?>();
        while (true)
        {
            var item = await colleagueStream.NextAnyAsync();
            events.Add(item.EventType);
            if (item.EventType == "chat.message" && item.Data.Contains("marker for the colleague", StringComparison.Ordinal))
            {
                break;
            }
        }

        Assert.DoesNotContain(ReadState.EventType, events);
    }

    [Fact]
    public async Task ReadNamingAMessageOfAnotherChatIsRefusedNamingMessageId()
    {
        var chat = await fixture.ActiveChatAsync();
        var other = await fixture.ActiveChatAsync();
        var theirs = (await fixture.MessagesAsync(other.Owner, other.ChatId))[0].Id;

        var response = await chat.Owner.PostAsync($"/api/v1/chats/{chat.ChatId}/read", new ReadRequest(theirs));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("messageId", out _));
    }

    [Fact]
    public async Task TwoOperatorsInOneChatSeeEachOtherViewingAndTypingUntilTheHeartbeatLapses()
    {
        var chat = await fixture.ActiveChatAsync();
        var ben = await fixture.App.OnlineAsync(chat.Admin, "agent", chat.Department);
        (await chat.Owner.PostAsync($"/api/v1/chats/{chat.ChatId}/invite", new { operatorId = ben.Id })).EnsureSuccessStatusCode();
        (await ben.PostAsync($"/api/v1/chats/{chat.ChatId}/invite/accept")).EnsureSuccessStatusCode();
        await using var ownerStream = await EventStream.OpenAsync(chat.Owner.Http);
        await using var benStream = await EventStream.OpenAsync(ben.Http);

        Assert.Equal(HttpStatusCode.NoContent, (await chat.Owner.PostAsync($"/api/v1/chats/{chat.ChatId}/presence", new PresenceRequest(false))).StatusCode);
        var benSees = await benStream.NextAsync(ChatPresence.EventType, d => d.GetProperty("chatId").GetString() == chat.ChatId);
        (await ben.PostAsync($"/api/v1/chats/{chat.ChatId}/presence", new PresenceRequest(true))).EnsureSuccessStatusCode();
        var ownerSees = await ownerStream.NextAsync(ChatPresence.EventType, d => d.GetProperty("viewers").GetArrayLength() == 2);
        var now = await chat.Owner.Http.GetFromJsonAsync<PresenceView>($"/api/v1/chats/{chat.ChatId}/presence");

        Assert.Equal([chat.Owner.Id], benSees.GetProperty("viewers").EnumerateArray().Select(v => v.GetProperty("operatorId").GetString()));
        var typing = ownerSees.GetProperty("viewers").EnumerateArray().Single(v => v.GetProperty("operatorId").GetString() == ben.Id);
        Assert.True(typing.GetProperty("typing").GetBoolean());
        Assert.Equal(2, now!.Viewers.Count);

        fixture.Clock.Advance(ChatPresence.Lifetime + TimeSpan.FromSeconds(1));
        await fixture.SweepPresenceAsync();

        await benStream.NextAsync(ChatPresence.EventType, d => d.GetProperty("chatId").GetString() == chat.ChatId && d.GetProperty("viewers").GetArrayLength() == 0);
        Assert.Empty((await chat.Owner.Http.GetFromJsonAsync<PresenceView>($"/api/v1/chats/{chat.ChatId}/presence"))!.Viewers);
    }

    [Fact]
    public async Task ClosingTheChatEndsMyPresenceAtOnce()
    {
        var chat = await fixture.ActiveChatAsync();
        var colleague = await fixture.App.OnlineAsync(chat.Admin, "agent", chat.Department);
        await using var stream = await EventStream.OpenAsync(colleague.Http);
        (await chat.Owner.PostAsync($"/api/v1/chats/{chat.ChatId}/presence", new PresenceRequest(false))).EnsureSuccessStatusCode();
        await stream.NextAsync(ChatPresence.EventType, d => d.GetProperty("chatId").GetString() == chat.ChatId && d.GetProperty("viewers").GetArrayLength() == 1);

        var closed = await chat.Owner.Http.DeleteAsync($"/api/v1/chats/{chat.ChatId}/presence");

        Assert.Equal(HttpStatusCode.NoContent, closed.StatusCode);
        await stream.NextAsync(ChatPresence.EventType, d => d.GetProperty("chatId").GetString() == chat.ChatId && d.GetProperty("viewers").GetArrayLength() == 0);
        Assert.Empty((await colleague.Http.GetFromJsonAsync<PresenceView>($"/api/v1/chats/{chat.ChatId}/presence"))!.Viewers);
    }

    private static async Task<List<UnreadView>> UnreadAsync(OperatorClient client) =>
        (await client.Http.GetFromJsonAsync<List<UnreadView>>("/api/v1/chats/unread"))!;
}
