using LiveChat.Gateway.Tests.Routing;
using LiveChat.Gateway.Webhooks;
using Microsoft.Data.Sqlite;

namespace LiveChat.Gateway.Tests.Webhooks;

/// <summary>Chat webhooks on the single-node SQLite store: the same cursor, retries and restart.</summary>
public sealed class SqliteChatWebhookTests
{
    [Fact]
    public async Task OnSqliteEventsArriveOnceInOrderAcrossRetriesAndARestart()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        var calls = 0;
        using var receiver = new WebhookReceiver((_, _) => Interlocked.Increment(ref calls) <= 2 ? HttpStatusCode.BadGateway : HttpStatusCode.OK);
        string chatId;
        await using (var first = new GatewayApp(database, WebhookScenario.Settings(receiver)))
        {
            var agent = await first.OnlineAsync(await first.AdminAsync(), "supervisor");
            chatId = await first.CustomerWritesAsync("4915100000005", "Do you ship to Norway?");
            await agent.PickUpAsync(chatId);
            await receiver.WaitForAcceptedAsync(ChatWebhookEvents.Assigned, chatId);
        }

        await using var second = new GatewayApp(database, WebhookScenario.Settings(receiver));
        var admin = await second.AdminAsync();
        (await admin.PostAsync($"/api/v1/chats/{chatId}/end", new { afterSeconds = 0 })).EnsureSuccessStatusCode();
        await receiver.WaitForAcceptedAsync(ChatWebhookEvents.Ended, chatId);

        Assert.Equal(3, receiver.Received.Count(r => r.Json().GetProperty("type").GetString() == ChatWebhookEvents.Started));
        var story = WebhookScenario.Story(receiver.Accepted, chatId);
        Assert.Equal(ChatWebhookEvents.Started, story[0]);
        Assert.Single(story, s => s == ChatWebhookEvents.Assigned);
        Assert.Single(story, s => s == "message: Do you ship to Norway?");
        Assert.True(story.IndexOf(ChatWebhookEvents.Assigned) < story.IndexOf(ChatWebhookEvents.Ended));
        var ids = WebhookScenario.Ids(receiver.Accepted);
        Assert.Equal(ids.Distinct().Order(), ids);
    }
}
