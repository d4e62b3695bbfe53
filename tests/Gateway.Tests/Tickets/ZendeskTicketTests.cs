using System.Globalization;

namespace LiveChat.Gateway.Tests.Tickets;

public sealed class ZendeskTicketTestsOnPostgres(ZendeskTicketsFixture fixture) : ZendeskTicketTests(fixture), IClassFixture<ZendeskTicketsFixture>;

public sealed class ZendeskTicketTestsOnSqlite(SqliteZendeskTicketsFixture fixture) : ZendeskTicketTests(fixture), IClassFixture<SqliteZendeskTicketsFixture>;

public abstract class ZendeskTicketTests(ZendeskTicketsFixture fixture)
{
    private GatewayApp App => fixture.App;

    private FakeZendesk Zendesk => fixture.Zendesk;

    [Fact]
    public async Task EndedChatBecomesOneTicketWithItsTranscriptShownOnTheChatAndVisitor()
    {
        var admin = await App.AdminAsync();
        await using var stream = await EventStream.OpenAsync(admin.Http);
        var conversation = TicketScenario.NewConversation("My parcel 1234 never arrived") with
        {
            FollowUps = ["Thanks, that helps!"],
            OperatorReplies = ["I am sorry, I will send a new one today."],
            Tags = ["shipping", "vip"],
            Summary = "Parcel lost; a replacement ships today.",
            AttachmentUrl = "media/webchat/att-42",
        };

        var chatId = await App.EndedChatAsync(conversation);

        var sent = await Zendesk.WaitForTicketAsync(chatId);
        Assert.Equal("My parcel 1234 never arrived", sent.Subject);
        Assert.Equal("Sheena Nelson", sent.Body.GetProperty("requester").GetProperty("name").GetString());
        Assert.Equal("sheena@example.test", sent.Body.GetProperty("requester").GetProperty("email").GetString());
        Assert.Contains("shipping", sent.Tags);
        Assert.Contains("vip", sent.Tags);
        Assert.Equal($"livechat-{chatId}-transcript", sent.Request.Header("Idempotency-Key"));
        var comment = sent.Comment;
        Assert.Contains("Sheena Nelson (visitor)", comment, StringComparison.Ordinal);
        Assert.Contains("Anna Support (operator)", comment, StringComparison.Ordinal);
        Assert.Contains("I am sorry, I will send a new one today.", comment, StringComparison.Ordinal);
        Assert.Contains("Thanks, that helps!", comment, StringComparison.Ordinal);
        Assert.Contains("Parcel lost; a replacement ships today.", comment, StringComparison.Ordinal);
        Assert.Contains($"{ZendeskTicketsFixture.PublicBaseUrl}/api/v1/media/webchat/att-42", comment, StringComparison.Ordinal);
        Assert.Contains($"{ZendeskTicketsFixture.PublicBaseUrl}/console/chats/{chatId}", comment, StringComparison.Ordinal);
        Assert.True(
            comment.IndexOf("My parcel 1234", StringComparison.Ordinal) < comment.IndexOf("I am sorry", StringComparison.Ordinal)
            && comment.IndexOf("I am sorry", StringComparison.Ordinal) < comment.IndexOf("Thanks, that helps!", StringComparison.Ordinal),
            "the transcript keeps the order of the chat");

        var ticket = await admin.WaitForTicketAsync(chatId, "created");
        var externalId = sent.Id.ToString(CultureInfo.InvariantCulture);
        Assert.Equal(externalId, ticket.GetProperty("externalId").GetString());
        Assert.Equal($"{Zendesk.BaseUrl}/agent/tickets/{externalId}", ticket.GetProperty("url").GetString());
        Assert.Equal("Zendesk", ticket.GetProperty("provider").GetString());
        Assert.Equal("transcript", ticket.GetProperty("kind").GetString());
        Assert.Equal(1, ticket.GetProperty("attempts").GetInt32());

        var chat = await admin.Http.GetFromJsonAsync<JsonElement>($"/api/v1/chats/{chatId}");
        Assert.Equal("created", chat.GetProperty("ticket").GetProperty("state").GetString());
        Assert.Equal(externalId, chat.GetProperty("ticket").GetProperty("externalId").GetString());
        Assert.Equal(ticket.GetProperty("url").GetString(), chat.GetProperty("ticket").GetProperty("url").GetString());
        var visitorId = chat.GetProperty("visitor").GetProperty("id").GetString();
        var visitor = await admin.Http.GetFromJsonAsync<JsonElement>($"/api/v1/visitors/{visitorId}");
        var recent = Assert.Single(visitor.GetProperty("recentTickets").EnumerateArray());
        Assert.Equal(externalId, recent.GetProperty("externalId").GetString());

        var created = JsonDocument.Parse((await stream.NextAsync("ticket.created")).Data).RootElement;
        Assert.Equal(chatId, created.GetProperty("chatId").GetString());
        Assert.Equal(externalId, created.GetProperty("data").GetProperty("externalId").GetString());

        // A job that runs twice creates one ticket.
        Assert.Equal("Succeeded", await App.RunTicketJobAgainAsync(chatId));
        Assert.Single(Zendesk.CreatesFor(chatId));
        Assert.Equal(1, (await admin.TicketOfAsync(chatId)).GetProperty("attempts").GetInt32());
    }

    [Fact]
    public async Task MissedChatBecomesATicketMarkedAsMissed()
    {
        var admin = await App.AdminAsync();

        var chatId = await App.MissedChatAsync(TicketScenario.NewConversation("Do you ship to Norway?"));

        var sent = await Zendesk.WaitForTicketAsync(chatId);
        Assert.Equal("Missed chat: Do you ship to Norway?", sent.Subject);
        Assert.Contains("missed_chat", sent.Tags);
        Assert.Equal($"livechat-{chatId}-missed", sent.Request.Header("Idempotency-Key"));
        var ticket = await admin.WaitForTicketAsync(chatId, "created");
        Assert.Equal("missed", ticket.GetProperty("kind").GetString());
        var chat = await admin.Http.GetFromJsonAsync<JsonElement>($"/api/v1/chats/{chatId}");
        Assert.Equal("missed", chat.GetProperty("ticket").GetProperty("kind").GetString());
    }

    [Fact]
    public async Task RateLimitedCreateWaitsForRetryAfterThenSucceeds()
    {
        var admin = await App.AdminAsync();
        var conversation = TicketScenario.NewConversation("Can I change my delivery address?");
        var chatId = await App.OpenChatAsync(conversation);
        Zendesk.Refuse(chatId, StubResponse.TooManyRequests(120));
        var refusedAt = fixture.Clock.GetUtcNow();

        await App.EndChatAsync(chatId, conversation);

        var waiting = await admin.WaitForTicketAsync(chatId, "pending", t => t.GetProperty("attempts").GetInt32() == 1 && t.TryGetProperty("lastError", out _));
        var next = waiting.GetProperty("nextAttemptAt").GetDateTimeOffset();
        Assert.InRange(next, refusedAt.AddSeconds(119), refusedAt.AddSeconds(121));
        fixture.Clock.Advance(TimeSpan.FromSeconds(100));
        Assert.Equal("Scheduled", await App.RunTicketJobAgainAsync(chatId));
        Assert.Equal(1, (await admin.TicketOfAsync(chatId)).GetProperty("attempts").GetInt32());

        fixture.Clock.Advance(TimeSpan.FromSeconds(21));
        App.WakeTickets();

        var ticket = await admin.WaitForTicketAsync(chatId, "created");
        Assert.Equal(2, ticket.GetProperty("attempts").GetInt32());
        Assert.Equal(2, Zendesk.CreatesFor(chatId).Count);
        Assert.Single(Zendesk.TicketsFor(chatId));
        Assert.Empty(Zendesk.LookupsFor(chatId));
    }

    [Fact]
    public async Task LostResponseIsFoundByTheNextAttemptInsteadOfCreatingASecondTicket()
    {
        var admin = await App.AdminAsync();
        var conversation = TicketScenario.NewConversation("Where is my refund?");
        var chatId = await App.OpenChatAsync(conversation);
        Zendesk.CreateThen(chatId, answer => answer with { DropConnection = true });

        await App.EndChatAsync(chatId, conversation);

        await admin.WaitForTicketAsync(chatId, "pending", t => t.GetProperty("attempts").GetInt32() == 1 && t.TryGetProperty("lastError", out _));
        var created = Assert.Single(Zendesk.TicketsFor(chatId));
        fixture.Clock.Advance(TimeSpan.FromMinutes(1));
        App.WakeTickets();

        var ticket = await admin.WaitForTicketAsync(chatId, "created");
        Assert.Equal(created.Id.ToString(CultureInfo.InvariantCulture), ticket.GetProperty("externalId").GetString());
        Assert.Single(Zendesk.CreatesFor(chatId));
        Assert.Single(Zendesk.TicketsFor(chatId));
        Assert.Single(Zendesk.LookupsFor(chatId));
    }

    [Fact]
    public async Task RejectedTicketFailsAndASupervisorCanRetryIt()
    {
        var admin = await App.AdminAsync();
        var department = await admin.DepartmentAsync($"Returns {Guid.NewGuid():N}");
        var (_, agentEmail, agentPassword) = await admin.OperatorAsync("agent", department);
        var agent = await App.SignInAsync(agentEmail, agentPassword);
        await using var stream = await EventStream.OpenAsync(agent.Http);
        var conversation = TicketScenario.NewConversation("I want to return my shoes") with { DepartmentId = department };
        var chatId = await App.OpenChatAsync(conversation);
        Zendesk.Refuse(chatId, StubResponse.Json(
            """{"error":"RecordInvalid","description":"Record validation errors","details":{"requester":[{"description":"Requester: Email is invalid"}]}}""",
            HttpStatusCode.UnprocessableEntity));

        await App.EndChatAsync(chatId, conversation);

        var failedEvent = JsonDocument.Parse((await stream.NextAsync("ticket.failed")).Data).RootElement;
        Assert.Equal(chatId, failedEvent.GetProperty("chatId").GetString());
        Assert.Contains("Email is invalid", failedEvent.GetProperty("data").GetProperty("error").GetString(), StringComparison.Ordinal);
        var failed = await agent.Http.GetFromJsonAsync<JsonElement>("/api/v1/tickets?state=failed");
        var listed = Assert.Single(failed.EnumerateArray(), t => t.GetProperty("chatId").GetString() == chatId);
        Assert.Contains("Email is invalid", listed.GetProperty("lastError").GetString(), StringComparison.Ordinal);
        Assert.Empty(Zendesk.TicketsFor(chatId));
        var id = listed.GetProperty("id").GetString();

        var byAgent = await agent.Http.PostAsync($"/api/v1/tickets/{id}/retry", null);
        Assert.Equal(HttpStatusCode.Forbidden, byAgent.StatusCode);
        Assert.Equal("application/problem+json", byAgent.Content.Headers.ContentType?.MediaType);

        var retried = await admin.Http.PostAsync($"/api/v1/tickets/{id}/retry", null);
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Equal("pending", (await retried.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").GetString());
        var ticket = await admin.WaitForTicketAsync(chatId, "created");
        Assert.Equal(Assert.Single(Zendesk.TicketsFor(chatId)).Id.ToString(CultureInfo.InvariantCulture), ticket.GetProperty("externalId").GetString());

        var again = await admin.Http.PostAsync($"/api/v1/tickets/{id}/retry", null);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("application/problem+json", again.Content.Headers.ContentType?.MediaType);
        var unknown = await admin.Http.PostAsync("/api/v1/tickets/tkt_unknown/retry", null);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task AgentListsOnlyTheTicketsOfTheirDepartments()
    {
        var admin = await App.AdminAsync();
        var mine = await admin.DepartmentAsync($"Mine {Guid.NewGuid():N}");
        var other = await admin.DepartmentAsync($"Other {Guid.NewGuid():N}");
        var (_, email, password) = await admin.OperatorAsync("agent", mine);
        var agent = await App.SignInAsync(email, password);

        var visible = await App.EndedChatAsync(TicketScenario.NewConversation("Mine: invoice copy please") with { DepartmentId = mine });
        var hidden = await App.EndedChatAsync(TicketScenario.NewConversation("Other: invoice copy please") with { DepartmentId = other });
        await admin.WaitForTicketAsync(visible, "created");
        await admin.WaitForTicketAsync(hidden, "created");

        var listed = (await agent.Http.GetFromJsonAsync<JsonElement>("/api/v1/tickets?limit=200")).EnumerateArray().Select(t => t.GetProperty("chatId").GetString()).ToList();
        Assert.Contains(visible, listed);
        Assert.DoesNotContain(hidden, listed);
    }

    [Fact]
    public async Task ListingRejectsAnUnknownStateWithAProblem()
    {
        var admin = await App.AdminAsync();

        var response = await admin.Http.GetAsync("/api/v1/tickets?state=lost");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("state", out _));
    }
}
