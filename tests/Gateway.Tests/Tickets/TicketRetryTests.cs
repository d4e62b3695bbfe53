namespace LiveChat.Gateway.Tests.Tickets;

public sealed class TicketRetryTestsOnPostgres() : TicketRetryTests(DatabaseKind.Postgres);

public sealed class TicketRetryTestsOnSqlite() : TicketRetryTests(DatabaseKind.Sqlite);

/// <summary>Health-aware retries: quick while the helpdesk answers other requests, backed off and counted while it looks down.</summary>
public abstract class TicketRetryTests(DatabaseKind kind)
{
    [Fact]
    public async Task FailuresOnAFlakyHelpdeskAreRetriedWithinASecondWithoutWaitingForThePollOrUsingUpAttempts()
    {
        await using var database = await TestDatabase.CreateAsync(kind);
        await using var zendesk = await FakeZendesk.StartAsync();
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        var settings = ZendeskTicketsFixture.ZendeskSettings(zendesk);
        settings["Tickets:PollSeconds"] = "60";
        await using var node = new GatewayApp(database, settings, clock);
        var admin = await node.AdminAsync();
        for (var i = 0; i < 6; i++)
        {
            await admin.WaitForTicketAsync(await node.EndedChatAsync(TicketScenario.NewConversation($"Healthy question {i}")), "created");
        }

        var conversation = TicketScenario.NewConversation("Unlucky: why was I charged twice?");
        var chatId = await node.OpenChatAsync(conversation);
        for (var i = 0; i < 5; i++)
        {
            zendesk.Refuse(chatId, StubResponse.WithStatus(HttpStatusCode.InternalServerError));
        }

        await node.EndChatAsync(chatId, conversation);

        for (var attempt = 1; attempt <= 5; attempt++)
        {
            var waiting = await admin.WaitForTicketAsync(chatId, "pending", t => RecordedAttempt(t, attempt, clock));
            Assert.InRange(waiting.GetProperty("nextAttemptAt").GetDateTimeOffset(), clock.GetUtcNow(), clock.GetUtcNow().AddSeconds(1));
            clock.Advance(TimeSpan.FromSeconds(1));
        }

        var ticket = await admin.WaitForTicketAsync(chatId, "created");
        Assert.Equal(6, ticket.GetProperty("attempts").GetInt32());
        Assert.Single(zendesk.TicketsFor(chatId));
    }

    [Fact]
    public async Task DownHelpdeskIsBackedOffAndTheRequestFailsAfterMaxAttemptsBackedOffFailures()
    {
        await using var database = await TestDatabase.CreateAsync(kind);
        await using var zendesk = await FakeZendesk.StartAsync();
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        await using var node = new GatewayApp(database, ZendeskTicketsFixture.ZendeskSettings(zendesk), clock);
        var admin = await node.AdminAsync();
        var conversation = TicketScenario.NewConversation("Is anyone there?");
        var chatId = await node.OpenChatAsync(conversation);
        for (var i = 0; i < 10; i++)
        {
            zendesk.Refuse(chatId, StubResponse.WithStatus(HttpStatusCode.ServiceUnavailable));
        }

        await node.EndChatAsync(chatId, conversation);

        var delays = new List<TimeSpan>();
        for (var attempt = 1; attempt <= 6; attempt++)
        {
            var waiting = await admin.WaitForTicketAsync(chatId, "pending", t => RecordedAttempt(t, attempt, clock));
            delays.Add(waiting.GetProperty("nextAttemptAt").GetDateTimeOffset() - clock.GetUtcNow());
            clock.Advance(TimeSpan.FromMinutes(20));
            node.WakeTickets();
        }

        // Four failures say little; from the fifth (HelpdeskHealth.MinimumSample) the helpdesk looks down: 2 s, then 4 s, then Tickets:MaxAttempts (3).
        Assert.All(delays[..4], d => Assert.InRange(d, TimeSpan.Zero, TimeSpan.FromSeconds(1)));
        Assert.InRange(delays[4], TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));
        Assert.InRange(delays[5], TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4));
        var failed = await admin.WaitForTicketAsync(chatId, "failed");
        Assert.Equal(7, failed.GetProperty("attempts").GetInt32());
        Assert.StartsWith("Gave up after 7 attempt(s): Zendesk answered 503", failed.GetProperty("lastError").GetString(), StringComparison.Ordinal);
        Assert.Empty(zendesk.TicketsFor(chatId));
    }

    /// <summary>The outcome of attempt <paramref name="attempt"/> is stored: a claim counts the attempt before it is sent, the retry time comes after.</summary>
    private static bool RecordedAttempt(JsonElement ticket, int attempt, TimeProvider clock) =>
        ticket.GetProperty("attempts").GetInt32() == attempt && ticket.GetProperty("nextAttemptAt").GetDateTimeOffset() > clock.GetUtcNow();
}
