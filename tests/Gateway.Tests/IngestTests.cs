using LiveChat.Channels.Activities;
using LiveChat.Channels.Inbox;

namespace LiveChat.Gateway.Tests;

public sealed class IngestTestsOnPostgres(GatewayFixture fixture) : IngestTests(fixture), IClassFixture<GatewayFixture>;

public sealed class IngestTestsOnSqlite(SqliteGatewayFixture fixture) : IngestTests(fixture), IClassFixture<SqliteGatewayFixture>;

public abstract class IngestTests(GatewayFixture fixture)
{
    private static readonly string[] s_twoMessages = ["Where is my order 1234?", "It was due Monday."];

    [Fact]
    public async Task RedeliveredMessageIsStoredOnce()
    {
        var admin = await fixture.App.AdminAsync();
        var item = Seed.CustomerText("whatsapp", "491701", "Where is my order 1234?", externalId: "wamid.redelivered-1");

        var first = await fixture.App.Inbox.IngestAsync(InboundBatch.Of(item), CancellationToken.None);
        var again = await fixture.App.Inbox.IngestAsync(InboundBatch.Of(item), CancellationToken.None);

        Assert.Equal(new InboxResult(1, 0), first);
        Assert.Equal(new InboxResult(0, 1), again);
        var chatId = await admin.ChatIdAsync("whatsapp", "491701");
        var messages = await admin.Http.GetFromJsonAsync<JsonElement>($"/api/v1/chats/{chatId}/messages");
        // Besides the gateway's own queue notice, the visitor's message is there once.
        var only = Assert.Single(messages.EnumerateArray(), m => m.GetProperty("from").GetProperty("kind").GetString() == "visitor");
        Assert.Equal("Where is my order 1234?", only.GetProperty("text").GetString());
        Assert.Equal("visitor", only.GetProperty("from").GetProperty("kind").GetString());
    }

    [Fact]
    public async Task MessagesOfOneCustomerShareOneChatWithTheFirstQuestion()
    {
        var admin = await fixture.App.AdminAsync();
        await fixture.App.Inbox.IngestAsync(
            new InboundBatch([Seed.CustomerText("whatsapp", "491702", s_twoMessages[0], name: "Sheena"), Seed.CustomerText("whatsapp", "491702", s_twoMessages[1])], []),
            CancellationToken.None);

        var chatId = await admin.ChatIdAsync("whatsapp", "491702");
        var chat = await admin.Http.GetFromJsonAsync<JsonElement>($"/api/v1/chats/{chatId}");
        Assert.Equal("queued", chat.GetProperty("state").GetString());
        Assert.Equal(s_twoMessages[0], chat.GetProperty("question").GetString());
        Assert.Equal("Sheena", chat.GetProperty("visitor").GetProperty("name").GetString());
        Assert.Equal("+491702", chat.GetProperty("visitor").GetProperty("phone").GetString());
        var texts = (await admin.Http.GetFromJsonAsync<JsonElement>($"/api/v1/chats/{chatId}/messages")).EnumerateArray().Where(m => m.GetProperty("from").GetProperty("kind").GetString() == "visitor").Select(m => m.GetProperty("text").GetString());
        Assert.Equal(s_twoMessages, texts);
    }

    [Fact]
    public async Task ABatchIntoAnOpenChatStoresEachNewMessageOnceInOrder()
    {
        var admin = await fixture.App.AdminAsync();
        var first = Seed.CustomerText("whatsapp", "491704", "First", externalId: "wamid.batch-1");
        await fixture.App.Inbox.IngestAsync(InboundBatch.Of(first), CancellationToken.None);
        var second = Seed.CustomerText("whatsapp", "491704", "Second", externalId: "wamid.batch-2");
        var third = Seed.CustomerText("whatsapp", "491704", "Third", externalId: "wamid.batch-3");

        var result = await fixture.App.Inbox.IngestAsync(InboundBatch.Of(second, first, third, second), CancellationToken.None);
        var again = await fixture.App.Inbox.IngestAsync(InboundBatch.Of(first, second, third), CancellationToken.None);

        Assert.Equal(new InboxResult(2, 2), result);
        Assert.Equal(new InboxResult(0, 3), again);
        var chatId = await admin.ChatIdAsync("whatsapp", "491704");
        var texts = (await admin.Http.GetFromJsonAsync<JsonElement>($"/api/v1/chats/{chatId}/messages")).EnumerateArray()
            .Where(m => m.GetProperty("from").GetProperty("kind").GetString() == "visitor")
            .Select(m => m.GetProperty("text").GetString());
        Assert.Equal(["First", "Second", "Third"], texts);
    }

    [Fact]
    public async Task ConcurrentDeliveriesOfANewConversationOpenOneChat()
    {
        var admin = await fixture.App.AdminAsync();
        var deliveries = Enumerable.Range(0, 8)
            .Select(i => fixture.App.Inbox.IngestAsync(InboundBatch.Of(Seed.CustomerText("messenger", "psid-race", $"message {i}")), CancellationToken.None));
        await Task.WhenAll(deliveries);

        var queued = await admin.Http.GetFromJsonAsync<JsonElement>("/api/v1/chats?view=queued&channel=messenger");
        var chat = Assert.Single(queued.EnumerateArray(), c => c.GetProperty("visitor").GetProperty("id").GetString() is not null
            && c.GetProperty("question").GetString()!.StartsWith("message ", StringComparison.Ordinal));
        var messages = await admin.Http.GetFromJsonAsync<JsonElement>($"/api/v1/chats/{chat.GetProperty("id").GetString()}/messages");
        Assert.Equal(8, messages.EnumerateArray().Count(m => m.GetProperty("from").GetProperty("kind").GetString() == "visitor"));
    }

    [Fact]
    public async Task ConcurrentRedeliveriesOfOneMessageStoreItOnce()
    {
        var admin = await fixture.App.AdminAsync();
        var item = Seed.CustomerText("instagram", "igsid-dup", "Is this in stock?", externalId: "mid.concurrent-dup");
        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => fixture.App.Inbox.IngestAsync(InboundBatch.Of(item), CancellationToken.None)));

        Assert.Equal(1, results.Sum(r => r.Stored));
        Assert.Equal(5, results.Sum(r => r.Duplicates));
        var queued = await admin.Http.GetFromJsonAsync<JsonElement>("/api/v1/chats?view=queued&channel=instagram");
        var chat = Assert.Single(queued.EnumerateArray());
        var messages = await admin.Http.GetFromJsonAsync<JsonElement>($"/api/v1/chats/{chat.GetProperty("id").GetString()}/messages");
        Assert.Equal(1, messages.EnumerateArray().Count(m => m.GetProperty("from").GetProperty("kind").GetString() == "visitor"));
    }

    [Fact]
    public async Task DeliveryStatusesOnlyMoveForward()
    {
        var admin = await fixture.App.AdminAsync();
        await fixture.App.Inbox.IngestAsync(InboundBatch.Of(Seed.CustomerText("whatsapp", "491703", "Hi, question about billing")), CancellationToken.None);
        var chatId = await admin.ChatIdAsync("whatsapp", "491703");
        var echo = new InboundItem(
            "whatsapp",
            "wamid.outbound-1",
            "491703",
            new Activity { Type = ActivityTypes.Message, Text = "We are on it", From = new ChannelAccount { Id = "business", Name = "Acme Support" } },
            VisitorProfile.Unknown,
            InboundDirection.EchoFromBusiness);
        await fixture.App.Inbox.IngestAsync(InboundBatch.Of(echo), CancellationToken.None);
        var at = DateTimeOffset.UtcNow;

        await fixture.App.Inbox.IngestAsync(new InboundBatch([], [new DeliveryUpdate("whatsapp", "wamid.outbound-1", DeliveryState.Read, at)]), CancellationToken.None);
        await fixture.App.Inbox.IngestAsync(new InboundBatch([], [new DeliveryUpdate("whatsapp", "wamid.outbound-1", DeliveryState.Delivered, at.AddSeconds(-5))]), CancellationToken.None);

        var messages = await admin.Http.GetFromJsonAsync<JsonElement>($"/api/v1/chats/{chatId}/messages");
        var reply = messages.EnumerateArray().Single(m => m.GetProperty("text").GetString() == "We are on it");
        Assert.Equal("operator", reply.GetProperty("from").GetProperty("kind").GetString());
        Assert.Equal("Acme Support", reply.GetProperty("from").GetProperty("name").GetString());
        Assert.Equal("read", reply.GetProperty("status").GetString());
    }

    [Fact]
    public async Task TypingIsRecordedAsActivityButNotAsAMessage()
    {
        var admin = await fixture.App.AdminAsync();
        await fixture.App.Inbox.IngestAsync(InboundBatch.Of(Seed.CustomerText("webchat", "dl-typing", "Can I change my plan?")), CancellationToken.None);
        var chats = await admin.Http.GetFromJsonAsync<JsonElement>("/api/v1/chats?view=queued&channel=webchat");
        var chat = chats.EnumerateArray().Single();
        var before = chat.GetProperty("lastVisitorActivityAt").GetDateTimeOffset();
        await Task.Delay(20);

        var typing = new InboundItem("webchat", "typing-1", "dl-typing", new Activity { Type = ActivityTypes.Typing }, VisitorProfile.Unknown);
        await fixture.App.Inbox.IngestAsync(InboundBatch.Of(typing), CancellationToken.None);

        var id = chat.GetProperty("id").GetString();
        var after = (await admin.Http.GetFromJsonAsync<JsonElement>($"/api/v1/chats/{id}")).GetProperty("lastVisitorActivityAt").GetDateTimeOffset();
        Assert.True(after > before, $"typing should move the visitor's last activity ({before:O} → {after:O})");
        Assert.Equal(1, (await admin.Http.GetFromJsonAsync<JsonElement>($"/api/v1/chats/{id}/messages")).EnumerateArray().Count(m => m.GetProperty("from").GetProperty("kind").GetString() == "visitor"));
    }
}
