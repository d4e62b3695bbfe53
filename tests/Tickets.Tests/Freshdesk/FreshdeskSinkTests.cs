using System.Text;
using LiveChat.Tickets;

namespace LiveChat.Tickets.Tests.Freshdesk;

public sealed class FreshdeskSinkTests : IDisposable
{
    private const string CreateRoute = "POST /api/v2/tickets";
    private const string SearchRoute = "GET /api/v2/search/tickets";
    private static readonly StubResponse Created = StubResponse.Json("""{"id":1001,"subject":"x","status":2}""", HttpStatusCode.Created);
    private readonly ApiMock _freshdesk = ApiMock.Start();

    public FreshdeskSinkTests() => _freshdesk.On(CreateRoute, Created);

    public void Dispose() => _freshdesk.Dispose();

    private static string AgentUrl(Uri api, int id) => $"{api}a/tickets/{id}";

    private string AgentUrl(int id) => AgentUrl(_freshdesk.BaseUri, id);

    [Fact]
    public async Task EndedChatCreatesOneOpenChatTicketTaggedWithItsReference()
    {
        using var services = SinkHost.Build(SinkHost.Freshdesk(_freshdesk.BaseUri));

        var outcome = await services.Sink().CreateAsync(Samples.Ended(), Samples.First, CancellationToken.None);

        Assert.Equal(new TicketOutcome.Created("1001", AgentUrl(1001)), outcome);
        var create = Assert.Single(_freshdesk.RequestsTo(CreateRoute));
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("fd-key:X")), create.Header("Authorization"));
        var body = create.Json();
        Assert.Equal("Does it come in <blue>?", body.GetProperty("subject").GetString());
        Assert.Equal(2, body.GetProperty("status").GetInt32());
        Assert.Equal(7, body.GetProperty("source").GetInt32());
        Assert.Equal(1, body.GetProperty("priority").GetInt32());
        Assert.Equal("Sheena Nelson", body.GetProperty("name").GetString());
        Assert.Equal("sheena@example.com", body.GetProperty("email").GetString());
        Assert.Equal("+16505551234", body.GetProperty("phone").GetString());
        Assert.False(body.TryGetProperty("unique_external_id", out _));
        Assert.Equal(["VIP", "whatsapp", "livechat-chat-42-transcript"], body.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        var description = body.GetProperty("description").GetString()!;
        Assert.Contains("<strong>Sheena Nelson (visitor)</strong>: Does it come in &lt;blue&gt;? &lt;script&gt;", description, StringComparison.Ordinal);
        Assert.Contains("<a href=\"https://cdn.example/red.jpg\">", description, StringComparison.Ordinal);
        Assert.Contains("Visitor asked about colours &amp; sizes.", description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissedChatFromAnAnonymousVisitorIsMarkedAndStillHasARequester()
    {
        using var services = SinkHost.Build(SinkHost.Freshdesk(_freshdesk.BaseUri));

        await services.Sink().CreateAsync(Samples.Missed(), Samples.First, CancellationToken.None);

        var body = Assert.Single(_freshdesk.RequestsTo(CreateRoute)).Json();
        Assert.Equal("Missed chat: Anyone there?", body.GetProperty("subject").GetString());
        Assert.Equal(2, body.GetProperty("priority").GetInt32());
        Assert.Equal(["messenger", "missed-chat", "livechat-chat-77-missed"], body.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("livechat-visitor-chat-77", body.GetProperty("unique_external_id").GetString());
        Assert.Equal("Bob", body.GetProperty("name").GetString());
    }

    [Fact]
    public async Task LostResponseIsAmbiguousAndTheNextAttemptFindsTheTicketByTag()
    {
        // The ticket is made and the answer lost with the connection: WireMock cannot do that, our Kestrel stub can.
        await using var freshdesk = await StubServer.StartAsync();
        using var services = SinkHost.Build(SinkHost.Freshdesk(freshdesk.BaseUri));
        freshdesk.On(CreateRoute, Created).Enqueue(CreateRoute, StubResponse.Lost("""{"id":1001}"""));
        freshdesk.On(SearchRoute, StubResponse.Json("""{"results":[{"id":1001,"tags":["livechat-chat-42-transcript"]}],"total":1}"""));

        var first = Assert.IsType<TicketOutcome.Retry>(await services.Sink().CreateAsync(Samples.Ended(), Samples.First, CancellationToken.None));
        var second = await services.Sink().CreateAsync(Samples.Ended(), Samples.AfterAmbiguous, CancellationToken.None);

        Assert.True(first.Ambiguous);
        Assert.Equal(new TicketOutcome.Created("1001", AgentUrl(freshdesk.BaseUri, 1001)), second);
        Assert.Single(freshdesk.RequestsTo(CreateRoute));
        var search = Assert.Single(freshdesk.RequestsTo(SearchRoute));
        Assert.Equal("\"tag:'livechat-chat-42-transcript'\"", Uri.UnescapeDataString(search.Query["?query=".Length..]));
    }

    [Fact]
    public async Task AfterAnAmbiguousAttemptWithNothingFoundTheTicketIsCreated()
    {
        using var services = SinkHost.Build(SinkHost.Freshdesk(_freshdesk.BaseUri));
        _freshdesk.On(SearchRoute, StubResponse.Json("""{"results":[],"total":0}"""));

        var outcome = await services.Sink().CreateAsync(Samples.Ended(), Samples.AfterAmbiguous, CancellationToken.None);

        Assert.IsType<TicketOutcome.Created>(outcome);
        Assert.Single(_freshdesk.RequestsTo(SearchRoute));
        Assert.Single(_freshdesk.RequestsTo(CreateRoute));
    }

    [Fact]
    public async Task ValidationFailureIsRejectedWithFreshdesksFieldErrors()
    {
        using var services = SinkHost.Build(SinkHost.Freshdesk(_freshdesk.BaseUri));
        _freshdesk.Enqueue(CreateRoute, StubResponse.Json(
            """{"description":"Validation failed","errors":[{"field":"email","message":"It should be in the 'valid email address' format","code":"invalid_value"}]}""",
            HttpStatusCode.BadRequest));

        var outcome = await services.Sink().CreateAsync(Samples.Ended(), Samples.First, CancellationToken.None);

        Assert.Equal(
            new TicketOutcome.Rejected("Freshdesk answered 400 BadRequest: Validation failed (email: It should be in the 'valid email address' format [invalid_value])"),
            outcome);
    }

    [Fact]
    public async Task ServerErrorIsAmbiguousButUnavailableIsNot()
    {
        using var services = SinkHost.Build(SinkHost.Freshdesk(_freshdesk.BaseUri));
        _freshdesk.Enqueue(CreateRoute, StubResponse.WithStatus(HttpStatusCode.InternalServerError), StubResponse.WithStatus(HttpStatusCode.ServiceUnavailable), StubResponse.TooManyRequests(30));

        var error = Assert.IsType<TicketOutcome.Retry>(await services.Sink().CreateAsync(Samples.Ended(), Samples.First, CancellationToken.None));
        var unavailable = Assert.IsType<TicketOutcome.Retry>(await services.Sink().CreateAsync(Samples.Ended(), Samples.First, CancellationToken.None));
        var throttled = Assert.IsType<TicketOutcome.Retry>(await services.Sink().CreateAsync(Samples.Ended(), Samples.First, CancellationToken.None));

        Assert.True(error.Ambiguous);
        Assert.Equal("Freshdesk answered 500 InternalServerError.", error.Reason);
        Assert.False(unavailable.Ambiguous);
        Assert.False(throttled.Ambiguous);
        Assert.Equal(TimeSpan.FromSeconds(30), throttled.RetryAfter);
    }
}
