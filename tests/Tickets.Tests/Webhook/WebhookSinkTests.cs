using System.Net.Sockets;
using System.Text;
using LiveChat.Tickets;

namespace LiveChat.Tickets.Tests.Webhook;

public sealed class WebhookSinkTests : IDisposable
{
    private const string Route = "POST /hooks/tickets";
    private readonly ApiMock _receiver = ApiMock.Start();

    public void Dispose() => _receiver.Dispose();

    private string Url => $"{_receiver.BaseUri}hooks/tickets";

    [Fact]
    public async Task PostsTheWholeTicketSignedSoTheReceiverCanVerifyIt()
    {
        var time = new ManualTime(DateTimeOffset.FromUnixTimeSeconds(1_767_607_200));
        using var services = SinkHost.Build(SinkHost.Webhook(Url), time);
        _receiver.On(Route, StubResponse.Json("""{"id":"T-9","url":"https://tickets.example/T-9"}"""));

        var outcome = await services.Sink().CreateAsync(Samples.Ended(), Samples.First, CancellationToken.None);

        Assert.Equal(new TicketOutcome.Created("T-9", "https://tickets.example/T-9"), outcome);
        var request = Assert.Single(_receiver.RequestsTo(Route));
        Assert.Equal("1767607200", request.Header("X-LiveChat-Timestamp"));
        using var hmac = new System.Security.Cryptography.HMACSHA256(Encoding.UTF8.GetBytes("whsec-test"));
        var expected = "sha256=" + Convert.ToHexStringLower(hmac.ComputeHash(Encoding.UTF8.GetBytes("1767607200." + request.Body)));
        Assert.Equal(expected, request.Header("X-LiveChat-Signature"));
        Assert.True(WebhookSignature.Verify("whsec-test", request.Header("X-LiveChat-Timestamp"), Encoding.UTF8.GetBytes(request.Body), request.Header("X-LiveChat-Signature")));
        Assert.False(WebhookSignature.Verify("other-secret", request.Header("X-LiveChat-Timestamp"), Encoding.UTF8.GetBytes(request.Body), request.Header("X-LiveChat-Signature")));
        Assert.Equal("livechat-chat-42-transcript", request.Header("Idempotency-Key"));

        var body = request.Json();
        Assert.Equal("livechat-chat-42-transcript", body.GetProperty("idempotencyKey").GetString());
        Assert.Equal("chat-42", body.GetProperty("chatId").GetString());
        Assert.Equal("transcript", body.GetProperty("kind").GetString());
        Assert.Equal("Does it come in <blue>?", body.GetProperty("subject").GetString());
        Assert.Equal("sheena@example.com", body.GetProperty("contact").GetProperty("email").GetString());
        Assert.Equal("Visitor asked about colours & sizes.", body.GetProperty("summary").GetString());
        Assert.Equal("https://gw.example/chats/chat-42", body.GetProperty("chatUrl").GetString());
        Assert.Equal(["VIP", "whatsapp"], body.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        var line = body.GetProperty("lines")[1];
        Assert.Equal("operator", line.GetProperty("speakerKind").GetString());
        Assert.Equal("Anna Operator", line.GetProperty("speakerName").GetString());
        Assert.Equal(Samples.Started.AddSeconds(40), line.GetProperty("at").GetDateTimeOffset());
        Assert.Equal("https://cdn.example/red.jpg", line.GetProperty("attachmentUrls")[0].GetString());
        Assert.Contains("&lt;script&gt;", body.GetProperty("html").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissedChatSaysSoAndAnAnswerWithoutIdUsesTheIdempotencyKey()
    {
        using var services = SinkHost.Build(SinkHost.Webhook(Url));
        _receiver.On(Route, StubResponse.WithStatus(HttpStatusCode.Accepted));

        var outcome = await services.Sink().CreateAsync(Samples.Missed(), Samples.First, CancellationToken.None);

        Assert.Equal(new TicketOutcome.Created("livechat-chat-77-missed", null), outcome);
        var body = Assert.Single(_receiver.RequestsTo(Route)).Json();
        Assert.Equal("missed", body.GetProperty("kind").GetString());
        Assert.Equal("Missed chat: Anyone there?", body.GetProperty("subject").GetString());
        Assert.Contains("missed-chat", body.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
    }

    [Fact]
    public async Task ClientErrorIsRejectedWithTheReceiversMessage()
    {
        using var services = SinkHost.Build(SinkHost.Webhook(Url));
        _receiver.On(Route, StubResponse.Json("""{"title":"Bad signature","status":401}""", HttpStatusCode.Unauthorized));

        var outcome = await services.Sink().CreateAsync(Samples.Ended(), Samples.First, CancellationToken.None);

        Assert.Equal(new TicketOutcome.Rejected("The ticket webhook answered 401 Unauthorized: Bad signature"), outcome);
    }

    [Fact]
    public async Task ThrottlingAndServerErrorsAreRetried()
    {
        using var services = SinkHost.Build(SinkHost.Webhook(Url));
        _receiver.Enqueue(Route, StubResponse.TooManyRequests(20), StubResponse.WithStatus(HttpStatusCode.BadGateway));

        var throttled = Assert.IsType<TicketOutcome.Retry>(await services.Sink().CreateAsync(Samples.Ended(), Samples.First, CancellationToken.None));
        var badGateway = Assert.IsType<TicketOutcome.Retry>(await services.Sink().CreateAsync(Samples.Ended(), Samples.First, CancellationToken.None));

        Assert.Equal(TimeSpan.FromSeconds(20), throttled.RetryAfter);
        Assert.False(throttled.Ambiguous);
        Assert.True(badGateway.Ambiguous);
    }

    [Fact]
    public async Task NoAnswerWithinTheAttemptTimeoutIsAmbiguous()
    {
        using var services = SinkHost.Build(SinkHost.Webhook(Url, timeoutSeconds: "1"));
        _receiver.On(Route, StubResponse.Json("{}") with { Delay = TimeSpan.FromSeconds(5) });

        var retry = Assert.IsType<TicketOutcome.Retry>(await services.Sink().CreateAsync(Samples.Ended(), Samples.First, CancellationToken.None));

        Assert.True(retry.Ambiguous);
        Assert.Contains("did not answer within the attempt timeout", retry.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LostConnectionAfterSendingIsAmbiguous()
    {
        // A connection dropped after the receiver took the request: WireMock cannot do that, our Kestrel stub can.
        await using var receiver = await StubServer.StartAsync();
        using var services = SinkHost.Build(SinkHost.Webhook($"{receiver.BaseUri}hooks/tickets"));
        receiver.On(Route, StubResponse.Lost("{}"));

        var retry = Assert.IsType<TicketOutcome.Retry>(await services.Sink().CreateAsync(Samples.Ended(), Samples.First, CancellationToken.None));

        Assert.True(retry.Ambiguous);
        Assert.Contains("could not be reached", retry.Reason, StringComparison.Ordinal);
        Assert.Single(receiver.RequestsTo(Route));
    }

    [Fact]
    public async Task RefusedConnectionIsNotAmbiguous()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var services = SinkHost.Build(SinkHost.Webhook($"http://127.0.0.1:{port}/hooks/tickets"));

        var retry = Assert.IsType<TicketOutcome.Retry>(await services.Sink().CreateAsync(Samples.Ended(), Samples.First, CancellationToken.None));

        Assert.False(retry.Ambiguous);
        Assert.Contains("ConnectionError", retry.Reason, StringComparison.Ordinal);
    }
}
