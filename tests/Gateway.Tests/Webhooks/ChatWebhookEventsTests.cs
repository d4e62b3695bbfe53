using LiveChat.Gateway.Events;
using LiveChat.Gateway.Webhooks;

namespace LiveChat.Gateway.Tests.Webhooks;

/// <summary>Which logged events receivers see, and under which name.</summary>
public sealed class ChatWebhookEventsTests
{
    [Theory]
    [InlineData("chat.queued", """{"chatId":"c1","queuedAt":"2026-01-05T09:00:00Z"}""", ChatWebhookEvents.Started)]
    [InlineData("chat.bot", """{"chatId":"c1","bot":"faq"}""", ChatWebhookEvents.Started)]
    [InlineData("chat.queued", """{"chatId":"c1","from":{"kind":"bot","id":"faq"}}""", null)]
    [InlineData("chat.assigned", """{"chatId":"c1","action":"pickedUp"}""", ChatWebhookEvents.Assigned)]
    [InlineData("chat.assigned", """{"chatId":"c1","action":"reassigned"}""", ChatWebhookEvents.Assigned)]
    [InlineData("chat.assigned", """{"chatId":"c1","action":"transferred"}""", ChatWebhookEvents.Transferred)]
    [InlineData("chat.ended", """{"chatId":"c1"}""", ChatWebhookEvents.Ended)]
    [InlineData("chat.missed", """{"chatId":"c1"}""", ChatWebhookEvents.Missed)]
    [InlineData("chat.message", """{"id":"m1","text":"Hi","internal":false}""", ChatWebhookEvents.Message)]
    [InlineData("chat.message", """{"id":"m2","text":"VIP customer","internal":true}""", null)]
    [InlineData("chat.typing", """{"chatId":"c1"}""", null)]
    [InlineData("chat.unassigned", """{"chatId":"c1"}""", null)]
    public void MapsLoggedEventsToWebhookTypes(string logged, string payload, string? expected) =>
        Assert.Equal(expected, ChatWebhookEvents.TypeOf(new StoredEvent { Id = 7, Type = logged, ChatId = "c1", Payload = payload }));

    [Fact]
    public void BodyCarriesIdTypeTimeChatAndTheEventData()
    {
        var at = new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);
        var stored = new StoredEvent { Id = 4711, Type = "chat.ended", ChatId = "c1", Payload = """{"chatId":"c1","reason":"operator"}""", CreatedAt = at };

        var body = JsonDocument.Parse(ChatWebhookEvents.Body(stored, ChatWebhookEvents.Ended)).RootElement;

        Assert.Equal("4711", body.GetProperty("id").GetString());
        Assert.Equal("chat.ended", body.GetProperty("type").GetString());
        Assert.Equal(at, body.GetProperty("occurredAt").GetDateTimeOffset());
        Assert.Equal("c1", body.GetProperty("chatId").GetString());
        Assert.Equal("operator", body.GetProperty("data").GetProperty("reason").GetString());
    }
}
