using LiveChat.Channels.Inbox;
using Microsoft.Data.Sqlite;

namespace LiveChat.Gateway.Tests;

public sealed class SqliteIngestTests
{
    [Fact]
    public async Task TheEmbeddedSetupStoresABatchInOneChatAndAbsorbsItsRedelivery()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        await using var app = new GatewayApp(database);
        var admin = await app.AdminAsync();
        var batch = InboundBatch.Of(
            Seed.CustomerText("whatsapp", "491801", "Hello", externalId: "wamid.lite-1", name: "Lite"),
            Seed.CustomerText("whatsapp", "491801", "Is the shop open?", externalId: "wamid.lite-2", name: "Lite"),
            Seed.CustomerText("whatsapp", "491801", "Today?", externalId: "wamid.lite-3", name: "Lite"));

        var first = await app.Inbox.IngestAsync(batch, CancellationToken.None);
        var redelivered = await app.Inbox.IngestAsync(batch, CancellationToken.None);
        var later = await app.Inbox.IngestAsync(
            InboundBatch.Of(
                Seed.CustomerText("whatsapp", "491801", "Today?", externalId: "wamid.lite-3", name: "Lite"),
                Seed.CustomerText("whatsapp", "491801", "Thanks", externalId: "wamid.lite-4", name: "Lite")),
            CancellationToken.None);

        Assert.Equal(new InboxResult(3, 0), first);
        Assert.Equal(new InboxResult(0, 3), redelivered);
        Assert.Equal(new InboxResult(1, 1), later);
        var chatId = await admin.ChatIdAsync("whatsapp", "491801");
        var chat = await admin.Http.GetFromJsonAsync<JsonElement>($"/api/v1/chats/{chatId}");
        Assert.Equal("Hello", chat.GetProperty("question").GetString());
        Assert.Equal("Lite", chat.GetProperty("visitor").GetProperty("name").GetString());
        var messages = (await admin.Http.GetFromJsonAsync<JsonElement>($"/api/v1/chats/{chatId}/messages")).EnumerateArray().ToList();

        // The queue notice answers the message that opened the chat, before the ones after it.
        Assert.Equal(["visitor", "system", "visitor", "visitor", "visitor"], messages.Select(m => m.GetProperty("from").GetProperty("kind").GetString()));
        Assert.Equal(
            ["Hello", "Is the shop open?", "Today?", "Thanks"],
            messages.Where(m => m.GetProperty("from").GetProperty("kind").GetString() == "visitor").Select(m => m.GetProperty("text").GetString()));
    }
}
