using System.Text;
using LiveChat.Gateway.Tests.DirectLine;
using LiveChat.Tickets;

namespace LiveChat.Gateway.Tests.Webhooks;

/// <summary>A gateway with the widget on and one chat webhook endpoint: a WireMock receiver that records what it got.</summary>
public sealed class ChatWebhookFixture : DirectLineFixture
{
    public const string WebhookSecret = "chat-webhook-secret-0123456789abcdef";
    public const string Route = "POST /hooks/chat";

    public ApiMock Receiver { get; private set; } = null!;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["ChatWebhooks:PollMilliseconds"] = "100",
        ["ChatWebhooks:MaxBackoffSeconds"] = "1",
        ["ChatWebhooks:Endpoints:0:Name"] = "crm",
        ["ChatWebhooks:Endpoints:0:Url"] = new Uri(Receiver.BaseUri, "hooks/chat").ToString(),
        ["ChatWebhooks:Endpoints:0:Secret"] = WebhookSecret,
    };

    public override async Task InitializeAsync()
    {
        Receiver = ApiMock.Start();
        Receiver.On(Route, StubResponse.Json("{}"));
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Receiver.Dispose();
    }
}

public sealed class ChatWebhookTests(ChatWebhookFixture fixture) : IClassFixture<ChatWebhookFixture>
{
    [Fact]
    public async Task AChatIsFollowedFromStartToEndInOrderSignedAndRetriedAfterAFailure()
    {
        fixture.Receiver.Enqueue(ChatWebhookFixture.Route, StubResponse.WithStatus(HttpStatusCode.InternalServerError));
        var (conversationId, token, _) = await fixture.StartAsync("Hook Customer");
        await fixture.PostAsync(conversationId, token, new { type = "message", from = new { id = "r_user1", name = "Hook Customer" }, text = "Hello from the widget" });
        var chatId = await fixture.ChatIdAsync(conversationId);
        var admin = await fixture.App.AdminAsync();
        (await admin.Http.PutAsJsonAsync("/api/v1/operators/me/status", new { status = "online" })).EnsureSuccessStatusCode();
        (await admin.Http.PostAsync($"/api/v1/chats/{chatId}/pickup", null)).EnsureSuccessStatusCode();
        (await admin.Http.PostAsJsonAsync($"/api/v1/chats/{chatId}/messages", new { text = "Hello from the operator" })).EnsureSuccessStatusCode();
        (await admin.Http.PostAsJsonAsync($"/api/v1/chats/{chatId}/end", new { afterSeconds = 0 })).EnsureSuccessStatusCode();

        var received = await fixture.Receiver.WaitForAsync(
            ChatWebhookFixture.Route, r => r.Body.Contains("\"chat.ended\"", StringComparison.Ordinal) && r.Body.Contains(chatId, StringComparison.Ordinal), timeout: TimeSpan.FromSeconds(30));
        var requests = fixture.Receiver.RequestsTo(ChatWebhookFixture.Route);
        Assert.All(requests, r => Assert.True(WebhookSignature.Verify(
            ChatWebhookFixture.WebhookSecret, r.Header("X-LiveChat-Timestamp"), Encoding.UTF8.GetBytes(r.Body), r.Header("X-LiveChat-Signature"))));
        // The failed first delivery was sent again: the next one starts with the same event.
        long FirstId(RecordedRequest r) => r.Json().GetProperty("events")[0].GetProperty("id").GetInt64();
        Assert.Equal(FirstId(requests[0]), FirstId(requests[1]));

        var events = requests.Skip(1)
            .SelectMany(r => r.Json().GetProperty("events").EnumerateArray())
            .Where(e => e.GetProperty("chatId").GetString() == chatId)
            .ToList();
        var types = events.Select(e => e.GetProperty("type").GetString()).ToList();
        Assert.Equal(events.Select(e => e.GetProperty("id").GetInt64()).Order(), events.Select(e => e.GetProperty("id").GetInt64()));
        Assert.True(types.IndexOf("chat.queued") < types.IndexOf("chat.assigned") && types.IndexOf("chat.assigned") < types.IndexOf("chat.ended"), string.Join(", ", types));
        Assert.Contains("Hello from the widget", string.Join("\n", requests.Select(r => r.Body)), StringComparison.Ordinal);
        Assert.Contains("Hello from the operator", string.Join("\n", requests.Select(r => r.Body)), StringComparison.Ordinal);
        Assert.DoesNotContain(types, t => t is "chat.typing" or "chat.presence");
    }
}
