using LiveChat.Tickets;
using LiveChat.Tickets.ZohoDesk;
using Microsoft.AspNetCore.WebUtilities;

namespace LiveChat.Tickets.Tests.ZohoDesk;

public sealed class ZohoDeskSinkTests : IDisposable
{
    private const string TicketId = "1892000000123";
    private const string CreateRoute = "POST /api/v1/tickets";
    private const string TokenRoute = "POST /oauth/v2/token";
    private readonly ApiMock _zoho = ApiMock.Start();

    public ZohoDeskSinkTests()
    {
        _zoho.On(TokenRoute, Token(1))
            .On(CreateRoute, StubResponse.Json($$"""{"id":"{{TicketId}}","ticketNumber":"101","webUrl":"https://desk.zoho.com/agent/acme/tickets/details/{{TicketId}}"}"""))
            .On($"POST /api/v1/tickets/{TicketId}/associateTag", StubResponse.Json("""{"data":[]}"""))
            .On($"POST /api/v1/tickets/{TicketId}/comments", StubResponse.Json("""{"id":"c-1"}"""));
    }

    public void Dispose() => _zoho.Dispose();

    private static StubResponse Token(int number) => StubResponse.Json(
        $$"""{"access_token":"tok-{{number}}","expires_in":3600,"api_domain":"https://www.zohoapis.com","token_type":"Bearer"}""");

    [Fact]
    public async Task EndedChatCreatesOneTicketWithTranscriptContactAndAuthHeaders()
    {
        using var services = SinkHost.Build(SinkHost.Zoho(_zoho.BaseUri, ("Tickets:ZohoDesk:Departments:dep-billing", "zoho-billing")));

        var outcome = await services.Sink().CreateAsync(Samples.Ended(), Samples.First, CancellationToken.None);

        Assert.Equal(new TicketOutcome.Created(TicketId, $"https://desk.zoho.com/agent/acme/tickets/details/{TicketId}"), outcome);
        var token = Assert.Single(_zoho.RequestsTo(TokenRoute));
        var form = QueryHelpers.ParseQuery(token.Body);
        Assert.Equal("refresh_token", form["grant_type"]);
        Assert.Equal("refresh-token", form["refresh_token"]);
        Assert.Equal("client-id", form["client_id"]);
        Assert.Equal("client-secret", form["client_secret"]);

        var create = Assert.Single(_zoho.RequestsTo(CreateRoute));
        Assert.Equal("Zoho-oauthtoken tok-1", create.Header("Authorization"));
        Assert.Equal("org-1", create.Header("orgId"));
        var body = create.Json();
        Assert.Equal("Does it come in <blue>?", body.GetProperty("subject").GetString());
        Assert.Equal("zoho-billing", body.GetProperty("departmentId").GetString());
        Assert.Equal("Chat", body.GetProperty("channel").GetString());
        Assert.Equal("sheena@example.com", body.GetProperty("email").GetString());
        Assert.Equal("+16505551234", body.GetProperty("phone").GetString());
        var contact = body.GetProperty("contact");
        Assert.Equal("Nelson", contact.GetProperty("lastName").GetString());
        Assert.Equal("Sheena", contact.GetProperty("firstName").GetString());
        Assert.Equal("sheena@example.com", contact.GetProperty("email").GetString());
        var description = body.GetProperty("description").GetString()!;
        Assert.Contains("[2026-01-05 10:00:40 UTC] <strong>Anna Operator (operator)</strong>: Yes &amp; in red.", description, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", description, StringComparison.Ordinal);
        Assert.Contains("Visitor asked about colours &amp; sizes.", description, StringComparison.Ordinal);
        Assert.Contains("<a href=\"https://gw.example/chats/chat-42\">", description, StringComparison.Ordinal);
        Assert.False(body.TryGetProperty("cf", out _));

        var tags = Assert.Single(_zoho.RequestsTo($"POST /api/v1/tickets/{TicketId}/associateTag")).Json().GetProperty("tags");
        Assert.Equal(["VIP", "whatsapp"], tags.EnumerateArray().Select(t => t.GetString()));
        Assert.Empty(_zoho.RequestsTo($"POST /api/v1/tickets/{TicketId}/comments"));
    }

    [Fact]
    public async Task MissedChatIsMarkedBySubjectAndTagInTheDefaultDepartment()
    {
        using var services = SinkHost.Build(SinkHost.Zoho(_zoho.BaseUri));

        await services.Sink().CreateAsync(Samples.Missed(), Samples.First, CancellationToken.None);

        var body = Assert.Single(_zoho.RequestsTo(CreateRoute)).Json();
        Assert.Equal("Missed chat: Anyone there?", body.GetProperty("subject").GetString());
        Assert.Equal("dep-default", body.GetProperty("departmentId").GetString());
        Assert.Equal("Bob", body.GetProperty("contact").GetProperty("lastName").GetString());
        var tags = Assert.Single(_zoho.RequestsTo($"POST /api/v1/tickets/{TicketId}/associateTag")).Json().GetProperty("tags");
        Assert.Contains("missed-chat", tags.EnumerateArray().Select(t => t.GetString()));
    }

    [Fact]
    public async Task AccessTokenIsCachedAcrossCallsUntilShortlyBeforeItExpires()
    {
        var time = new ManualTime(DateTimeOffset.UtcNow);
        using var services = SinkHost.Build(SinkHost.Zoho(_zoho.BaseUri), time);
        _zoho.Enqueue(TokenRoute, Token(1), Token(2));

        await services.Sink().CreateAsync(Samples.Ended("chat-1"), Samples.First, CancellationToken.None);
        await services.Sink().CreateAsync(Samples.Ended("chat-2"), Samples.First, CancellationToken.None);
        Assert.Single(_zoho.RequestsTo(TokenRoute));

        time.Now += TimeSpan.FromMinutes(56);
        await services.Sink().CreateAsync(Samples.Ended("chat-3"), Samples.First, CancellationToken.None);

        Assert.Equal(2, _zoho.RequestsTo(TokenRoute).Count);
        Assert.Equal("Zoho-oauthtoken tok-2", _zoho.RequestsTo(CreateRoute)[2].Header("Authorization"));
    }

    [Fact]
    public async Task InvalidOAuthRefreshesTheTokenOnceAndTheAttemptSucceeds()
    {
        using var services = SinkHost.Build(SinkHost.Zoho(_zoho.BaseUri));
        _zoho.Enqueue(TokenRoute, Token(1), Token(2));
        _zoho.Enqueue(CreateRoute, StubResponse.Json(
            """{"errorCode":"INVALID_OAUTH","message":"The OAuth Token you provided is invalid."}""", HttpStatusCode.Unauthorized));

        var outcome = await services.Sink().CreateAsync(Samples.Ended(), Samples.First, CancellationToken.None);

        Assert.IsType<TicketOutcome.Created>(outcome);
        Assert.Equal(2, _zoho.RequestsTo(TokenRoute).Count);
        Assert.Equal(["Zoho-oauthtoken tok-1", "Zoho-oauthtoken tok-2"], _zoho.RequestsTo(CreateRoute).Select(r => r.Header("Authorization")));
    }

    [Fact]
    public async Task RefusedRefreshTokenIsRejectedNamingTheSettings()
    {
        using var services = SinkHost.Build(SinkHost.Zoho(_zoho.BaseUri));
        _zoho.Enqueue(TokenRoute, StubResponse.Json("""{"error":"invalid_code"}"""));

        var outcome = await services.Sink().CreateAsync(Samples.Ended(), Samples.First, CancellationToken.None);

        var rejected = Assert.IsType<TicketOutcome.Rejected>(outcome);
        Assert.Contains("invalid_code", rejected.Reason, StringComparison.Ordinal);
        Assert.Contains("Tickets:ZohoDesk:ClientId", rejected.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("refresh-token", rejected.Reason, StringComparison.Ordinal);
        Assert.Empty(_zoho.RequestsTo(CreateRoute));
    }

    [Fact]
    public async Task TranscriptTooLongForTheDescriptionFollowsAsPrivateComments()
    {
        using var services = SinkHost.Build(SinkHost.Zoho(_zoho.BaseUri));
        var request = Samples.WithLongTranscript(lines: 400, lineLength: 300);

        var outcome = await services.Sink().CreateAsync(request, Samples.First, CancellationToken.None);

        Assert.IsType<TicketOutcome.Created>(outcome);
        var description = Assert.Single(_zoho.RequestsTo(CreateRoute)).Json().GetProperty("description").GetString()!;
        Assert.True(description.Length <= ZohoDeskSink.MaxDescriptionLength);
        Assert.Contains("left out here for length", description, StringComparison.Ordinal);

        var comments = _zoho.RequestsTo($"POST /api/v1/tickets/{TicketId}/comments").Select(r => r.Json()).ToList();
        Assert.True(comments.Count >= 2);
        Assert.All(comments, c =>
        {
            Assert.False(c.GetProperty("isPublic").GetBoolean());
            Assert.Equal("plainText", c.GetProperty("contentType").GetString());
            Assert.True(c.GetProperty("content").GetString()!.Length <= ZohoDeskSink.MaxCommentLength);
        });
        var all = string.Concat(comments.Select(c => c.GetProperty("content").GetString()));
        Assert.Contains("line 00000", all, StringComparison.Ordinal);
        Assert.Contains("line 00399", all, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValidationErrorIsRejectedWithZohosErrorCodeAndField()
    {
        using var services = SinkHost.Build(SinkHost.Zoho(_zoho.BaseUri));
        _zoho.Enqueue(CreateRoute, StubResponse.Json(
            """{"errorCode":"INVALID_DATA","message":"The data is invalid due to validation restrictions","errors":[{"fieldName":"/departmentId","errorType":"missing","errorMessage":""}]}""",
            HttpStatusCode.UnprocessableEntity));

        var outcome = await services.Sink().CreateAsync(Samples.Ended(), Samples.First, CancellationToken.None);

        Assert.Equal(
            new TicketOutcome.Rejected("Zoho Desk answered 422 UnprocessableEntity: INVALID_DATA: The data is invalid due to validation restrictions (/departmentId missing)"),
            outcome);
    }

    [Fact]
    public async Task ThrottledCreateIsRetriedAfterRetryAfter()
    {
        using var services = SinkHost.Build(SinkHost.Zoho(_zoho.BaseUri));
        _zoho.Enqueue(CreateRoute, StubResponse.TooManyRequests(120));

        var retry = Assert.IsType<TicketOutcome.Retry>(await services.Sink().CreateAsync(Samples.Ended(), Samples.First, CancellationToken.None));

        Assert.Equal(TimeSpan.FromSeconds(120), retry.RetryAfter);
        Assert.False(retry.Ambiguous);
        Assert.Single(_zoho.RequestsTo(CreateRoute));
    }

    [Fact]
    public async Task ServerErrorOnCreateIsAnAmbiguousRetry()
    {
        using var services = SinkHost.Build(SinkHost.Zoho(_zoho.BaseUri));
        _zoho.Enqueue(CreateRoute, StubResponse.Json("""{"errorCode":"INTERNAL_SERVER_ERROR","message":"Internal Server Error"}""", HttpStatusCode.InternalServerError));

        var retry = Assert.IsType<TicketOutcome.Retry>(await services.Sink().CreateAsync(Samples.Ended(), Samples.First, CancellationToken.None));

        Assert.True(retry.Ambiguous);
        Assert.Equal("Zoho Desk answered 500 InternalServerError: INTERNAL_SERVER_ERROR: Internal Server Error", retry.Reason);
    }

    [Fact]
    public async Task LostResponseIsAmbiguousAndTheNextAttemptFindsTheTicketByReferenceField()
    {
        // The ticket is made and the answer lost with the connection: WireMock cannot do that, our Kestrel stub can.
        await using var zoho = await StubServer.StartAsync();
        using var services = SinkHost.Build(SinkHost.Zoho(zoho.BaseUri, ("Tickets:ZohoDesk:ReferenceField", "cf_livechat_reference")));
        zoho.On(TokenRoute, Token(1)).Enqueue(CreateRoute, StubResponse.Lost($$"""{"id":"{{TicketId}}"}"""));
        zoho.On($"POST /api/v1/tickets/{TicketId}/associateTag", StubResponse.Json("""{"data":[]}"""));
        zoho.On("GET /api/v1/tickets/search", r => r.Query.Contains("customField1=cf_livechat_reference%3Alivechat-chat-42-transcript", StringComparison.Ordinal)
            ? StubResponse.Json($$$"""{"data":[{"id":"{{{TicketId}}}","subject":"Does it come in <blue>?","webUrl":"https://desk.zoho.com/t/{{{TicketId}}}","cf":{"cf_livechat_reference":"livechat-chat-42-transcript"}}],"count":1}""")
            : StubResponse.WithStatus(HttpStatusCode.NoContent));

        var first = Assert.IsType<TicketOutcome.Retry>(await services.Sink().CreateAsync(Samples.Ended(), Samples.First, CancellationToken.None));
        var second = await services.Sink().CreateAsync(Samples.Ended(), Samples.AfterAmbiguous, CancellationToken.None);

        Assert.True(first.Ambiguous);
        Assert.Equal(new TicketOutcome.Created(TicketId, $"https://desk.zoho.com/t/{TicketId}"), second);
        var create = Assert.Single(zoho.RequestsTo(CreateRoute));
        Assert.Equal("livechat-chat-42-transcript", create.Json().GetProperty("cf").GetProperty("cf_livechat_reference").GetString());
    }

    [Fact]
    public async Task WithoutReferenceFieldTheLookupSearchesTheReferenceTextAndCreatesWhenNothingIsFound()
    {
        using var services = SinkHost.Build(SinkHost.Zoho(_zoho.BaseUri));
        _zoho.On("GET /api/v1/tickets/search", StubResponse.WithStatus(HttpStatusCode.NoContent));

        var outcome = await services.Sink().CreateAsync(Samples.Ended(), Samples.AfterAmbiguous, CancellationToken.None);

        Assert.IsType<TicketOutcome.Created>(outcome);
        var search = Assert.Single(_zoho.RequestsTo("GET /api/v1/tickets/search"));
        Assert.Contains("_all=livechat-chat-42-transcript", search.Query, StringComparison.Ordinal);
        Assert.Single(_zoho.RequestsTo(CreateRoute));
    }

    [Fact]
    public async Task FailedLookupNeverCreatesBlindly()
    {
        using var services = SinkHost.Build(SinkHost.Zoho(_zoho.BaseUri));
        _zoho.On("GET /api/v1/tickets/search", StubResponse.WithStatus(HttpStatusCode.InternalServerError));

        var retry = Assert.IsType<TicketOutcome.Retry>(await services.Sink().CreateAsync(Samples.Ended(), Samples.AfterAmbiguous, CancellationToken.None));

        Assert.True(retry.Ambiguous);
        Assert.StartsWith("Looking for the ticket of an ambiguous earlier attempt failed", retry.Reason, StringComparison.Ordinal);
        Assert.Empty(_zoho.RequestsTo(CreateRoute));
    }
}
