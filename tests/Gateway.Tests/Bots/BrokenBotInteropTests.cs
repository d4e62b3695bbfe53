namespace LiveChat.Gateway.Tests.Bots;

/// <summary>echo-bot.js --broken: a real botbuilder bot whose message handler throws (CloudAdapter answers 500).</summary>
public sealed class BrokenBotInteropTests(BrokenJsBotFixture fixture) : IClassFixture<BrokenJsBotFixture>
{
    private const string QueueNotice = "You are next in the queue. Estimated wait: ";

    [Fact]
    public async Task AJsBotThatThrowsIsTriedThreeTimesThenTheVisitorIsQueuedAndOperatorsSeeWhy()
    {
        var (conversationId, token, _) = await fixture.StartAsync("Lin");

        await fixture.PostAsync(conversationId, token, new { type = "message", text = "my order is late", from = new { id = "r_user1", name = "Lin" } });

        var seen = await fixture.PollUntilAsync(
            conversationId, token, a => a.TryGetProperty("text", out var t) && t.GetString()!.Contains(" in the queue.", StringComparison.Ordinal));
        var texts = JsBotFixture.Texts(seen);
        Assert.Equal(["my order is late", JsBotFixture.Welcome("Lin")], texts[..2]);
        Assert.StartsWith(QueueNotice, Assert.Single(texts[2..]), StringComparison.Ordinal);
        Assert.Equal(
            ["bot", "queued"],
            seen.Where(a => a.GetProperty("type").GetString() == "event").Select(a => a.GetProperty("value").GetProperty("state").GetString()));
        var chatId = await fixture.ChatIdAsync(conversationId);
        var attempts = await fixture.Bot.WaitForAsync(e => JsBotFixture.Received(e, "message", "my order is late"), 3);
        Assert.All(attempts, a => Assert.Equal(chatId, a.GetProperty("conversationId").GetString()));

        var admin = await fixture.App.AdminAsync();
        var chat = await admin.Http.GetFromJsonAsync<JsonElement>($"/api/v1/chats/{chatId}");
        Assert.Equal("queued", chat.GetProperty("state").GetString());
        Assert.DoesNotContain(chat.GetProperty("participants").EnumerateArray(), p => p.GetProperty("kind").GetString() == "bot" && !p.TryGetProperty("leftAt", out _));
        var messages = (await admin.Http.GetFromJsonAsync<JsonElement>($"/api/v1/chats/{chatId}/messages")).EnumerateArray().ToList();
        var note = Assert.Single(messages, m => m.GetProperty("internal").GetBoolean());
        Assert.Equal("system", note.GetProperty("from").GetProperty("kind").GetString());
        Assert.Equal("From bot JsEcho to the queue: the bot did not answer after 3 attempt(s) (HTTP 500).", note.GetProperty("text").GetString());
        Assert.Contains(messages, m => m.GetProperty("text").GetString() == texts[2] && !m.GetProperty("internal").GetBoolean());

        await using var connection = await fixture.Database.OpenAsync();
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM bot_deliveries WHERE chat_id = @chatId", new { chatId }));
        fixture.Bot.Drain();
        Assert.Equal(3, fixture.Bot.Seen(e => JsBotFixture.Received(e, "message")).Count);
    }
}
