using System.Text;
using LiveChat.Tickets;

namespace LiveChat.Tickets.Tests.Zendesk;

public sealed class ZendeskSinkTests : IDisposable
{
    private const string CreateRoute = "POST /api/v2/tickets";
    private const string ListRoute = "GET /api/v2/tickets";
    private static readonly StubResponse Created = StubResponse.Json(
        """{"ticket":{"id":35436,"url":"https://acme.zendesk.com/api/v2/tickets/35436.json","status":"new"},"audit":{}}""", HttpStatusCode.Created);

    private readonly ApiMock _zendesk = ApiMock.Start();

    public ZendeskSinkTests() => _zendesk.On(CreateRoute, Created);

    public void Dispose() => _zendesk.Dispose();

    private static string AgentUrl(Uri api, int id) => $"{api}agent/tickets/{id}";

    private string AgentUrl(int id) => AgentUrl(_zendesk.BaseUri, id);

    [Fact]
    public async Task EndedChatCreatesOneTicketWithPrivateTranscriptAndIdempotencyKey()
    {
        using var services = SinkHost.Build(SinkHost.Zendesk(_zendesk.BaseUri));

        var outcome = await services.Sink().CreateAsync(Samples.Ended(), Samples.First, CancellationToken.None);

        Assert.Equal(new TicketOutcome.Created("35436", AgentUrl(35436)), outcome);
        var create = Assert.Single(_zendesk.RequestsTo(CreateRoute));
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("bot@acme.example/token:zd-token")), create.Header("Authorization"));
        Assert.Equal("livechat-chat-42-transcript", create.Header("Idempotency-Key"));
        var ticket = create.Json().GetProperty("ticket");
        Assert.Equal("Does it come in <blue>?", ticket.GetProperty("subject").GetString());
        Assert.Equal("chat-42", ticket.GetProperty("external_id").GetString());
        Assert.Equal("Sheena Nelson", ticket.GetProperty("requester").GetProperty("name").GetString());
        Assert.Equal("sheena@example.com", ticket.GetProperty("requester").GetProperty("email").GetString());
        Assert.Equal(["VIP", "whatsapp"], ticket.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        var comment = ticket.GetProperty("comment");
        Assert.False(comment.GetProperty("public").GetBoolean());
        var body = comment.GetProperty("body").GetString()!;
        Assert.Contains("[2026-01-05 10:00:40 UTC] Anna Operator (operator): Yes & in red.", body, StringComparison.Ordinal);
        Assert.Contains("Summary:\nVisitor asked about colours & sizes.", body, StringComparison.Ordinal);
        Assert.Contains("Chat: https://gw.example/chats/chat-42", body, StringComparison.Ordinal);
        Assert.Contains("  Attachment: https://cdn.example/red.jpg", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissedChatIsTaggedMissedChat()
    {
        using var services = SinkHost.Build(SinkHost.Zendesk(_zendesk.BaseUri));

        await services.Sink().CreateAsync(Samples.Missed(), Samples.First, CancellationToken.None);

        var ticket = Assert.Single(_zendesk.RequestsTo(CreateRoute)).Json().GetProperty("ticket");
        Assert.Equal("Missed chat: Anyone there?", ticket.GetProperty("subject").GetString());
        Assert.Equal(["messenger", "missed_chat"], ticket.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.False(ticket.GetProperty("requester").TryGetProperty("email", out _));
    }

    [Fact]
    public async Task EveryAttemptSendsTheSameIdempotencyKeyAndPayload()
    {
        using var services = SinkHost.Build(SinkHost.Zendesk(_zendesk.BaseUri));
        _zendesk.Enqueue(CreateRoute, StubResponse.WithStatus(HttpStatusCode.InternalServerError));

        var first = Assert.IsType<TicketOutcome.Retry>(await services.Sink().CreateAsync(Samples.Ended(), Samples.First, CancellationToken.None));
        _zendesk.On(ListRoute, StubResponse.Json("""{"tickets":[]}"""));
        var second = await services.Sink().CreateAsync(Samples.Ended(), new TicketAttempt(2, first.Ambiguous), CancellationToken.None);

        Assert.True(first.Ambiguous);
        Assert.IsType<TicketOutcome.Created>(second);
        var creates = _zendesk.RequestsTo(CreateRoute);
        Assert.Equal(2, creates.Count);
        Assert.All(creates, r => Assert.Equal("livechat-chat-42-transcript", r.Header("Idempotency-Key")));
        Assert.Equal(creates[0].Body, creates[1].Body);
    }

    [Fact]
    public async Task LostResponseIsAmbiguousAndTheNextAttemptFindsTheTicketByExternalId()
    {
        // The ticket is made and the answer lost with the connection: WireMock cannot do that, our Kestrel stub can.
        await using var zendesk = await StubServer.StartAsync();
        using var services = SinkHost.Build(SinkHost.Zendesk(zendesk.BaseUri));
        zendesk.On(CreateRoute, Created).Enqueue(CreateRoute, StubResponse.Lost("""{"ticket":{"id":35436}}"""));
        zendesk.On(ListRoute, r => r.Query == "?external_id=chat-42"
            ? StubResponse.Json("""{"tickets":[{"id":35001,"tags":["missed_chat"]},{"id":35436,"tags":["vip","whatsapp"]}]}""")
            : StubResponse.Json("""{"tickets":[]}"""));

        var first = Assert.IsType<TicketOutcome.Retry>(await services.Sink().CreateAsync(Samples.Ended(), Samples.First, CancellationToken.None));
        var second = await services.Sink().CreateAsync(Samples.Ended(), Samples.AfterAmbiguous, CancellationToken.None);

        Assert.True(first.Ambiguous);
        Assert.Equal(new TicketOutcome.Created("35436", AgentUrl(zendesk.BaseUri, 35436)), second);
        Assert.Single(zendesk.RequestsTo(CreateRoute));
    }

    [Fact]
    public async Task ThrottledCreateIsRetriedAfterRetryAfter()
    {
        using var services = SinkHost.Build(SinkHost.Zendesk(_zendesk.BaseUri));
        _zendesk.Enqueue(CreateRoute, StubResponse.TooManyRequests(45));

        var retry = Assert.IsType<TicketOutcome.Retry>(await services.Sink().CreateAsync(Samples.Ended(), Samples.First, CancellationToken.None));

        Assert.Equal(TimeSpan.FromSeconds(45), retry.RetryAfter);
        Assert.False(retry.Ambiguous);
        Assert.True(retry.Throttled);
    }

    [Fact]
    public async Task SlowAnswerIsAnAmbiguousRetryAfterTheAttemptTimeout()
    {
        using var services = SinkHost.Build(SinkHost.Zendesk(_zendesk.BaseUri));
        _zendesk.Enqueue(CreateRoute, Created with { Delay = TimeSpan.FromSeconds(5) });

        var retry = Assert.IsType<TicketOutcome.Retry>(await services.Sink().CreateAsync(Samples.Ended(), Samples.First, CancellationToken.None));

        Assert.True(retry.Ambiguous);
        Assert.Equal("Zendesk did not answer within the attempt timeout.", retry.Reason);
    }

    [Fact]
    public async Task RefusedConnectionIsARetryThatCreatedNothing()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var services = SinkHost.Build(SinkHost.Zendesk(new Uri($"http://127.0.0.1:{port}/")));

        var retry = Assert.IsType<TicketOutcome.Retry>(await services.Sink().CreateAsync(Samples.Ended(), Samples.First, CancellationToken.None));

        Assert.False(retry.Ambiguous);
        Assert.Contains("could not be reached (ConnectionError)", retry.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvalidRecordIsRejectedWithZendesksDetails()
    {
        using var services = SinkHost.Build(SinkHost.Zendesk(_zendesk.BaseUri));
        _zendesk.Enqueue(CreateRoute, StubResponse.Json(
            """{"error":"RecordInvalid","description":"Record validation errors","details":{"requester":[{"description":"Requester: Email is invalid","error":"InvalidValue"}]}}""",
            HttpStatusCode.UnprocessableEntity));

        var outcome = await services.Sink().CreateAsync(Samples.Ended(), Samples.First, CancellationToken.None);

        Assert.Equal(
            new TicketOutcome.Rejected("Zendesk answered 422 UnprocessableEntity: RecordInvalid: Record validation errors (requester: Requester: Email is invalid)"),
            outcome);
    }

    [Fact]
    public async Task BadCredentialsAreRejectedWithoutEchoingThem()
    {
        using var services = SinkHost.Build(SinkHost.Zendesk(_zendesk.BaseUri));
        _zendesk.Enqueue(CreateRoute, StubResponse.Json("""{"error":"Couldn't authenticate you"}""", HttpStatusCode.Unauthorized));

        var rejected = Assert.IsType<TicketOutcome.Rejected>(await services.Sink().CreateAsync(Samples.Ended(), Samples.First, CancellationToken.None));

        Assert.Equal("Zendesk answered 401 Unauthorized: Couldn't authenticate you", rejected.Reason);
    }
}
