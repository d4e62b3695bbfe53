using Microsoft.Extensions.Logging;
using LiveChat.Gateway.Tests.Routing;
using LiveChat.Gateway.Webhooks;

namespace LiveChat.Gateway.Tests.Webhooks;

/// <summary>Signed outgoing webhooks for chat events, received by a WireMock receiver through the real HTTP pipeline.</summary>
public sealed class ChatWebhookTests
{
    [Fact]
    public async Task ChatLifecycleArrivesInOrderSignedWithEventIds()
    {
        await using var database = await TestDatabase.CreateAsync();
        using var receiver = new WebhookReceiver();
        await using var app = new GatewayApp(database.ConnectionString, WebhookScenario.Settings(receiver));
        var agent = await app.OnlineAsync(await app.AdminAsync(), "supervisor");

        var chatId = await app.CustomerWritesAsync("4915100000001", "Where is my order?");
        await agent.PickUpAsync(chatId);
        await agent.ReplyAsync(chatId, "Let me check that for you");
        await agent.EndAsync(chatId);
        await receiver.WaitForAcceptedAsync(ChatWebhookEvents.Ended, chatId);

        var story = WebhookScenario.Story(receiver.Accepted, chatId);
        Assert.Equal(
            [ChatWebhookEvents.Started, "message: Where is my order?", ChatWebhookEvents.Assigned, "message: Let me check that for you", ChatWebhookEvents.Ended],
            story.Where(s => !s.StartsWith("message: ", StringComparison.Ordinal) || s is "message: Where is my order?" or "message: Let me check that for you"));
        var requests = receiver.Received;
        Assert.All(requests, r => Assert.True(WebhookReceiver.IsSigned(r), $"Unsigned or badly signed: {r.Body}"));
        Assert.All(requests, r => Assert.Equal(r.Json().GetProperty("id").GetString(), r.Header(WebhookRelay.EventIdHeader)));
        Assert.All(requests, r => Assert.Equal(r.Json().GetProperty("type").GetString(), r.Header(WebhookRelay.EventTypeHeader)));
        var ids = requests.Select(r => long.Parse(r.Header(WebhookRelay.EventIdHeader)!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(ids.Order(), ids);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        var assigned = receiver.Accepted.Single(e => e.GetProperty("type").GetString() == ChatWebhookEvents.Assigned);
        Assert.Equal(agent.Id, assigned.GetProperty("data").GetProperty("operatorId").GetString());
    }

    [Fact]
    public async Task ReceiverFailingTwiceGetsEachEventAcceptedOnceInOrderAndTheSecretIsNeverLogged()
    {
        await using var database = await TestDatabase.CreateAsync();
        var calls = 0;
        using var receiver = new WebhookReceiver((_, _) => Interlocked.Increment(ref calls) <= 2 ? HttpStatusCode.InternalServerError : HttpStatusCode.OK);
        var logs = new CapturedLogs();
        var settings = WebhookScenario.Settings(receiver);
        settings["Logging:LogLevel:LiveChat"] = "Information";
        await using var app = new GatewayApp(database.ConnectionString, settings, logs: logs);
        var agent = await app.OnlineAsync(await app.AdminAsync(), "supervisor");

        var chatId = await app.CustomerWritesAsync("4915100000002", "Can I change my address?");
        await agent.PickUpAsync(chatId);
        await agent.ReplyAsync(chatId, "Yes, send me the new one");
        await agent.EndAsync(chatId);
        await receiver.WaitForAcceptedAsync(ChatWebhookEvents.Ended, chatId);

        var requests = receiver.Received;
        Assert.Equal(requests[0].Header(WebhookRelay.EventIdHeader), requests[2].Header(WebhookRelay.EventIdHeader));
        Assert.Equal(requests[1].Body, requests[2].Body);
        Assert.Equal(ChatWebhookEvents.Started, requests[0].Json().GetProperty("type").GetString());
        var accepted = WebhookScenario.Ids(receiver.Accepted);
        Assert.Equal(accepted.Distinct().Order(), accepted);
        var story = WebhookScenario.Story(receiver.Accepted, chatId);
        Assert.Equal(ChatWebhookEvents.Started, story[0]);
        Assert.True(story.IndexOf(ChatWebhookEvents.Assigned) < story.IndexOf("message: Yes, send me the new one"));
        Assert.True(story.IndexOf("message: Yes, send me the new one") < story.IndexOf(ChatWebhookEvents.Ended));
        var lines = logs.Lines.Select(l => l.Message).ToList();
        Assert.Contains(lines, l => l.Contains("Webhook crm: event", StringComparison.Ordinal) && l.Contains("HTTP 500", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains(WebhookReceiver.Secret, StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("Can I change my address?", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ClientErrorIsGivenUpAndLaterEventsStillArrive()
    {
        await using var database = await TestDatabase.CreateAsync();
        using var receiver = new WebhookReceiver((_, body) =>
            body.GetProperty("type").GetString() == ChatWebhookEvents.Started ? HttpStatusCode.UnprocessableEntity : HttpStatusCode.OK);
        var logs = new CapturedLogs();
        await using var app = new GatewayApp(database.ConnectionString, WebhookScenario.Settings(receiver, ChatWebhookEvents.Started, ChatWebhookEvents.Assigned), logs: logs);
        var agent = await app.OnlineAsync(await app.AdminAsync(), "supervisor");

        var chatId = await app.CustomerWritesAsync("4915100000003", "Hello?");
        await agent.PickUpAsync(chatId);
        await receiver.WaitForAcceptedAsync(ChatWebhookEvents.Assigned, chatId);

        Assert.Equal([ChatWebhookEvents.Started, ChatWebhookEvents.Assigned], receiver.Received.Select(r => r.Json().GetProperty("type").GetString()));
        Assert.Contains(logs.Lines, l => l.Level == LogLevel.Warning && l.Message.Contains("gave up event", StringComparison.Ordinal) && l.Message.Contains("HTTP 422", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RestartedGatewayResumesFromTheCursorWithoutLosingOrRepeatingEvents()
    {
        await using var database = await TestDatabase.CreateAsync();
        using var receiver = new WebhookReceiver();
        string chatId;
        await using (var first = new GatewayApp(database.ConnectionString, WebhookScenario.Settings(receiver)))
        {
            var agent = await first.OnlineAsync(await first.AdminAsync(), "supervisor");
            chatId = await first.CustomerWritesAsync("4915100000004", "Is the shop open?");
            await receiver.WaitForAcceptedAsync(ChatWebhookEvents.Started, chatId);

            // From the assignment on, this receiver is down: that event (and all after it) waits at the cursor.
            receiver.Answer = (_, body) => body.GetProperty("type").GetString() == ChatWebhookEvents.Assigned ? HttpStatusCode.ServiceUnavailable : HttpStatusCode.OK;
            await agent.PickUpAsync(chatId);
            await receiver.Mock.WaitForAsync(WebhookReceiver.Route, r => r.Json().GetProperty("type").GetString() == ChatWebhookEvents.Assigned, count: 2);
        }

        receiver.Answer = null;
        await using var second = new GatewayApp(database.ConnectionString, WebhookScenario.Settings(receiver));
        var admin = await second.AdminAsync();
        (await admin.PostAsync($"/api/v1/chats/{chatId}/end", new { afterSeconds = 0 })).EnsureSuccessStatusCode();
        await receiver.WaitForAcceptedAsync(ChatWebhookEvents.Ended, chatId);

        var story = WebhookScenario.Story(receiver.Accepted, chatId);
        Assert.Equal(ChatWebhookEvents.Started, Assert.Single(story, s => s == ChatWebhookEvents.Started));
        Assert.Single(story, s => s == ChatWebhookEvents.Assigned);
        Assert.Single(story, s => s == "message: Is the shop open?");
        Assert.True(story.IndexOf(ChatWebhookEvents.Assigned) < story.IndexOf(ChatWebhookEvents.Ended));
        var ids = WebhookScenario.Ids(receiver.Accepted);
        Assert.Equal(ids.Distinct().Order(), ids);
    }

    [Fact]
    public async Task InvalidSubscriptionFailsStartUpNamingTheSettingButNotTheSecret()
    {
        await using var database = await TestDatabase.CreateAsync();
        const string Secret = "a-secret-that-must-stay-hidden";
        await using var app = new GatewayApp(database.ConnectionString, new Dictionary<string, string?>
        {
            ["Webhooks:Subscriptions:0:Name"] = "crm",
            ["Webhooks:Subscriptions:0:Url"] = "crm.example.test/hooks",
            ["Webhooks:Subscriptions:0:Secret"] = Secret,
            ["Webhooks:Subscriptions:0:Events:0"] = "chat.exploded",
        });

        var failure = Assert.ThrowsAny<Exception>(() => app.Anonymous());

        var text = failure.ToString();
        Assert.Contains("Webhooks:Subscriptions:0:Url must be an absolute http(s) URL.", text, StringComparison.Ordinal);
        Assert.Contains("Webhooks:Subscriptions:0:Events: 'chat.exploded' is not an event type", text, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
    }
}
