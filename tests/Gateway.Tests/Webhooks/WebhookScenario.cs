using System.Collections.Concurrent;
using System.Text;
using LiveChat.Channels.Inbox;
using LiveChat.Gateway.Storage;
using LiveChat.Gateway.Tests.Routing;
using LiveChat.Gateway.Webhooks;
using LiveChat.Tickets;
using Microsoft.Extensions.DependencyInjection;

namespace LiveChat.Gateway.Tests.Webhooks;

/// <summary>A receiver of chat webhooks (WireMock) that verifies each POST's signature and keeps the ones it accepted.</summary>
public sealed class WebhookReceiver : IDisposable
{
    public const string Route = "POST /hooks/chat";
    public const string Secret = "chat-webhook-secret-for-tests";

    private readonly ConcurrentQueue<JsonElement> _accepted = new();

    public WebhookReceiver(Func<RecordedRequest, JsonElement, HttpStatusCode>? answer = null)
    {
        Answer = answer;
        Mock = ApiMock.Start();
        Mock.On(Route, request =>
        {
            var body = request.Json();
            var status = Answer?.Invoke(request, body) ?? HttpStatusCode.OK;
            if ((int)status < 300)
            {
                _accepted.Enqueue(body);
            }

            return StubResponse.WithStatus(status);
        });
    }

    public ApiMock Mock { get; }

    /// <summary>How the receiver answers now (200 when null); a test may change it midway.</summary>
    public Func<RecordedRequest, JsonElement, HttpStatusCode>? Answer { get; set; }

    /// <summary>The bodies answered with 2xx, in the order they arrived.</summary>
    public IReadOnlyList<JsonElement> Accepted => [.. _accepted];

    public string Url => new Uri(Mock.BaseUri, "hooks/chat").ToString();

    public IReadOnlyList<RecordedRequest> Received => Mock.RequestsTo(Route);

    public static bool IsSigned(RecordedRequest request) =>
        WebhookSignature.Verify(Secret, request.Header(WebhookSignature.TimestampHeader), Encoding.UTF8.GetBytes(request.Body), request.Header(WebhookSignature.SignatureHeader));

    /// <summary>Waits until an accepted event of <paramref name="type"/> (for <paramref name="chatId"/>) arrived.</summary>
    public async Task WaitForAcceptedAsync(string type, string chatId)
    {
        await Eventually.Until(
            $"an accepted {type} for {chatId}",
            () => Accepted.Select(e => $"{e.GetProperty("type").GetString()} {e.GetProperty("chatId").GetString()}").ToList(),
            accepted => accepted.Contains($"{type} {chatId}"),
            TimeSpan.FromSeconds(20));
    }

    public void Dispose() => Mock.Dispose();
}

/// <summary>Gateway nodes that send chat webhooks to a <see cref="WebhookReceiver"/>, and a chat an operator handles through the API.</summary>
public static class WebhookScenario
{
    public static Dictionary<string, string?> Settings(WebhookReceiver receiver, params string[] events)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Webhooks:Subscriptions:0:Name"] = "crm",
            ["Webhooks:Subscriptions:0:Url"] = receiver.Url,
            ["Webhooks:Subscriptions:0:Secret"] = WebhookReceiver.Secret,
            ["Webhooks:PollSeconds"] = "0.1",
            ["Webhooks:RetryBaseSeconds"] = "0.1",
            ["Webhooks:RetryMaxSeconds"] = "0.5",
        };
        var list = events.Length == 0 ? ["*"] : events;
        for (var i = 0; i < list.Length; i++)
        {
            settings[$"Webhooks:Subscriptions:0:Events:{i}"] = list[i];
        }

        return settings;
    }

    /// <summary>A WhatsApp customer writes; returns the new chat's id.</summary>
    public static async Task<string> CustomerWritesAsync(this GatewayApp app, string phone, string text)
    {
        await app.Inbox.IngestAsync(InboundBatch.Of(Seed.CustomerText("whatsapp", phone, text)), CancellationToken.None);
        await using var connection = await app.Services.GetRequiredService<Db>().OpenAsync(CancellationToken.None);
        return await connection.ExecuteScalarAsync<string>("SELECT id FROM chats WHERE conversation_key = @phone", new { phone })
            ?? throw new InvalidOperationException($"No chat for {phone}.");
    }

    public static async Task PickUpAsync(this OperatorClient agent, string chatId) =>
        (await agent.PostAsync($"/api/v1/chats/{chatId}/pickup")).EnsureSuccessStatusCode();

    public static async Task ReplyAsync(this OperatorClient agent, string chatId, string text) =>
        (await agent.PostAsync($"/api/v1/chats/{chatId}/messages", new { text })).EnsureSuccessStatusCode();

    public static async Task EndAsync(this OperatorClient agent, string chatId) =>
        (await agent.PostAsync($"/api/v1/chats/{chatId}/end", new { afterSeconds = 0 })).EnsureSuccessStatusCode();

    /// <summary>The events' ids, as numbers, in the order given.</summary>
    public static List<long> Ids(IEnumerable<JsonElement> events) =>
        [.. events.Select(e => long.Parse(e.GetProperty("id").GetString()!, System.Globalization.CultureInfo.InvariantCulture))];

    /// <summary>The event types among <paramref name="events"/> for the chat, in order, messages shown by their text.</summary>
    public static List<string> Story(IEnumerable<JsonElement> events, string chatId) =>
        [.. events.Where(e => e.GetProperty("chatId").GetString() == chatId).Select(e => e.GetProperty("type").GetString() == ChatWebhookEvents.Message
            ? $"message: {e.GetProperty("data").GetProperty("text").GetString()}"
            : e.GetProperty("type").GetString()!)];
}
