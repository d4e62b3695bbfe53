using LiveChat.Channels.Tests.Support;

namespace LiveChat.Channels.Tests;

public sealed class WhatsAppSenderTests : IAsyncLifetime
{
    private const string Route = $"POST /v23.0/{MetaHost.PhoneNumberId}/messages";
    private const string Accepted = """
        { "messaging_product": "whatsapp", "contacts": [{ "input": "+16505551234", "wa_id": "16505551234" }],
          "messages": [{ "id": "wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBJCOTY3NDc0NDFDRUI3NTA0Q0UA" }] }
        """;

    private ApiMock _graph = null!;
    private MetaHost _host = null!;

    public async Task InitializeAsync()
    {
        _graph = ApiMock.Start();
        _graph.On(Route, StubResponse.Json(Accepted));
        _host = await MetaHost.StartAsync(MetaHost.AllChannels(_graph.BaseUri));
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _graph.Dispose();
    }

    private Task<SendOutcome> SendAsync(OutboundMessage message) => _host.Sender("whatsapp").SendAsync(message, CancellationToken.None);

    private DateTimeOffset HoursAgo(double hours) => _host.Clock.Now.AddHours(-hours);

    [Fact]
    public async Task SendsTextExactlyAsTheCloudApiExpects()
    {
        var outcome = await SendAsync(Outbound.Text("16505551234", "Yes - blue and red.", HoursAgo(1)));

        Assert.Equal(new SendOutcome.Sent("wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBJCOTY3NDc0NDFDRUI3NTA0Q0UA"), outcome);
        var request = Assert.Single(_graph.RequestsTo(Route));
        Assert.Equal($"Bearer {MetaHost.WhatsAppToken}", request.Header("Authorization"));
        Assert.StartsWith("application/json", request.Header("Content-Type"), StringComparison.Ordinal);
        var body = request.Json();
        Assert.Equal(
            ["messaging_product", "recipient_type", "text", "to", "type"],
            body.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal("whatsapp", body.Str("messaging_product"));
        Assert.Equal("individual", body.Str("recipient_type"));
        Assert.Equal("16505551234", body.Str("to"));
        Assert.Equal("text", body.Str("type"));
        Assert.False(body.GetProperty("text").GetProperty("preview_url").GetBoolean());
        Assert.Equal("Yes - blue and red.", body.Str("text", "body"));
    }

    [Fact]
    public async Task ReplyToAWamidAddsTheContext()
    {
        await SendAsync(Outbound.Text("16505551234", "This one?", HoursAgo(1), replyToId: "wamid.CUSTOMER-QUESTION"));

        Assert.Equal("wamid.CUSTOMER-QUESTION", Assert.Single(_graph.Requests).Json().Str("context", "message_id"));
    }

    [Fact]
    public async Task ReplyToAGatewayIdIsNotSentAsContext()
    {
        await SendAsync(Outbound.Text("16505551234", "Hi", HoursAgo(1), replyToId: "6c9f1c2e-0001"));

        Assert.False(Assert.Single(_graph.Requests).Json().TryGetProperty("context", out _));
    }

    [Theory]
    [InlineData("image/png", "photo.png", "image", null)]
    [InlineData("application/pdf", "invoice.pdf", "document", "invoice.pdf")]
    public async Task PublicAttachmentIsSentByLink(string contentType, string name, string type, string? filename)
    {
        var outcome = await SendAsync(Outbound.WithAttachment("16505551234", "Here you go", contentType, $"https://cdn.example.com/{name}", name));

        Assert.IsType<SendOutcome.Sent>(outcome);
        var body = Assert.Single(_graph.Requests).Json();
        Assert.Equal(type, body.Str("type"));
        Assert.Equal($"https://cdn.example.com/{name}", body.Str(type, "link"));
        Assert.Equal("Here you go", body.Str(type, "caption"));
        Assert.Equal(filename, body.GetProperty(type).TryGetProperty("filename", out var f) ? f.GetString() : null);
    }

    [Fact]
    public async Task AttachmentWithoutAPublicUrlIsRefusedWithoutCallingGraph()
    {
        var outcome = await SendAsync(Outbound.WithAttachment("16505551234", null, "image/png", "media/whatsapp/123"));

        Assert.Equal("unsupported_content", Assert.IsType<SendOutcome.Failed>(outcome).Code);
        Assert.Empty(_graph.Requests);
    }

    [Fact]
    public async Task ServerErrorIsLeftToTheOutboxWithoutASecondSend()
    {
        // A send carries no idempotency key: Graph may have delivered it, so only the outbox decides to send again.
        _graph.Enqueue(Route, StubResponse.Json("""{ "error": { "message": "An unknown error occurred", "type": "OAuthException", "code": 1, "is_transient": true } }""", HttpStatusCode.InternalServerError));

        var outcome = await SendAsync(Outbound.Text("16505551234", "hello", HoursAgo(1)));

        Assert.Contains("500", Assert.IsType<SendOutcome.Retry>(outcome).Reason, StringComparison.Ordinal);
        Assert.Single(_graph.RequestsTo(Route));
    }

    [Fact]
    public async Task TheOutboxRetryAfterAServerErrorSendsTheSameMessage()
    {
        _graph.Enqueue(Route, StubResponse.Json("""{ "error": { "message": "Service temporarily unavailable", "code": 2, "is_transient": true } }""", HttpStatusCode.InternalServerError));
        var message = Outbound.Text("16505551234", "hello", HoursAgo(1));

        var first = await SendAsync(message);
        var second = await SendAsync(message);

        Assert.IsType<SendOutcome.Retry>(first);
        Assert.IsType<SendOutcome.Sent>(second);
        var sends = _graph.RequestsTo(Route);
        Assert.Equal(2, sends.Count);
        Assert.Equal(sends[0].Body, sends[1].Body);
    }

    [Fact]
    public async Task ThrottledAnswerIsLeftToTheOutboxWithItsRetryAfter()
    {
        _graph.Enqueue(Route, StubResponse.TooManyRequests(7));

        var outcome = await SendAsync(Outbound.Text("16505551234", "hello", HoursAgo(1)));

        Assert.Equal(TimeSpan.FromSeconds(7), Assert.IsType<SendOutcome.Retry>(outcome).After);
        Assert.Single(_graph.RequestsTo(Route));
    }

    [Fact]
    public async Task UnreachableGraphIsLeftToTheOutbox()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var closed = new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/");
        listener.Stop();
        await using var host = await MetaHost.StartAsync(MetaHost.AllChannels(closed));

        var outcome = await host.Sender("whatsapp").SendAsync(Outbound.Text("16505551234", "hello", host.Clock.Now.AddHours(-1)), CancellationToken.None);

        Assert.Equal(new SendOutcome.Retry("The Graph API could not be reached (ConnectionError).", null), outcome);
    }

    [Fact]
    public async Task ServerErrorsAreReportedForALaterRetry()
    {
        _graph.On(Route, StubResponse.Json("""{ "error": { "message": "(#131000) Something went wrong", "code": 131000 } }""", HttpStatusCode.ServiceUnavailable));

        var outcome = await SendAsync(Outbound.Text("16505551234", "hello", HoursAgo(1)));

        var retry = Assert.IsType<SendOutcome.Retry>(outcome);
        Assert.Contains("503", retry.Reason, StringComparison.Ordinal);
        Assert.Single(_graph.RequestsTo(Route));
    }

    [Fact]
    public async Task SynchronousReEngagementErrorFailsWithTheWindowCode()
    {
        _graph.On(Route, StubResponse.Json("""
            { "error": { "message": "(#131047) Re-engagement message", "type": "OAuthException", "code": 131047,
              "error_data": { "messaging_product": "whatsapp", "details": "Message failed to send because more than 24 hours have passed since the customer last replied to this number." },
              "fbtrace_id": "AXsgnV2Cm3ZMGF3dF_cfYIn" } }
            """, HttpStatusCode.BadRequest));

        var outcome = await SendAsync(Outbound.Text("16505551234", "hello"));

        var failed = Assert.IsType<SendOutcome.Failed>(outcome);
        Assert.Equal("131047", failed.Code);
        Assert.StartsWith("The 24-hour customer service window is closed: Message failed to send because more than 24 hours", failed.Reason, StringComparison.Ordinal);
        Assert.Single(_graph.Requests);
    }

    [Fact]
    public async Task OtherGraphErrorFailsWithGraphsMessageAndNeverTheToken()
    {
        _graph.On(Route, StubResponse.Json("""
            { "error": { "message": "(#100) Invalid parameter", "type": "OAuthException", "code": 100, "fbtrace_id": "A1" } }
            """, HttpStatusCode.BadRequest));

        var outcome = await SendAsync(Outbound.Text("16505551234", "hello", HoursAgo(1)));

        var failed = Assert.IsType<SendOutcome.Failed>(outcome);
        Assert.Equal("100", failed.Code);
        Assert.Equal("(#100) Invalid parameter", failed.Reason);
        Assert.DoesNotContain(MetaHost.WhatsAppToken, failed.Reason, StringComparison.Ordinal);
        Assert.Single(_graph.Requests);
    }

    [Fact]
    public async Task ClosedWindowIsRefusedWithoutCallingGraph()
    {
        var outcome = await SendAsync(Outbound.Text("16505551234", "hello", HoursAgo(25)));

        var failed = Assert.IsType<SendOutcome.Failed>(outcome);
        Assert.Equal("131047", failed.Code);
        Assert.Contains("24-hour customer service window closed at 2026-05-01 09:00 UTC", failed.Reason, StringComparison.Ordinal);
        Assert.Empty(_graph.Requests);
    }

    [Fact]
    public void ReplyWindowCheckIsExposedThroughTheSender()
    {
        var sender = _host.Sender("whatsapp");

        Assert.IsType<ReplyWindowDecision.Allowed>(sender.CheckReplyWindow(HoursAgo(23), false, _host.Clock.Now));
        Assert.IsType<ReplyWindowDecision.Refused>(sender.CheckReplyWindow(HoursAgo(25), true, _host.Clock.Now));
    }
}
