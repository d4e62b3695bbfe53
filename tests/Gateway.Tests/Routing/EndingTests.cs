using LiveChat.Channels.Activities;

namespace LiveChat.Gateway.Tests.Routing;

public sealed class EndingTestsOnPostgres(RoutingFixture fixture) : EndingTests(fixture), IClassFixture<RoutingFixture>;

public sealed class EndingTestsOnSqlite(SqliteRoutingFixture fixture) : EndingTests(fixture), IClassFixture<SqliteRoutingFixture>;

public abstract class EndingTests(RoutingFixture fixture)
{
    [Fact]
    public async Task EndingNowClosesTheChatAndRequestsATranscriptTicket()
    {
        var (admin, agent, chatId) = await ActiveChatAsync();
        await using var stream = await EventStream.OpenAsync(agent.Http);

        var response = await agent.PostAsync($"/api/v1/chats/{chatId}/end", new { afterSeconds = 0 });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var chat = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("ended", chat.GetProperty("state").GetString());
        Assert.Equal("operator", chat.GetProperty("endReason").GetString());
        Assert.Equal(JsonValueKind.String, chat.GetProperty("participants")[0].GetProperty("leftAt").ValueKind);
        Assert.Equal("transcript", chat.GetProperty("ticket").GetProperty("kind").GetString());
        Assert.Equal("pending", chat.GetProperty("ticket").GetProperty("state").GetString());
        Assert.Equal("operator", (await stream.NextAsync("chat.ended")).Data().GetProperty("reason").GetString());
        Assert.Equal("The chat has ended. Thank you for contacting us.", (await fixture.SystemTextsAsync(chatId))[^1]);
        var ticket = await fixture.QueryAsync<(string Id, DateTimeOffset NextAttemptAt)>("SELECT id, next_attempt_at FROM ticket_requests WHERE chat_id = @chatId", new { chatId });
        Assert.StartsWith("tr_", Assert.Single(ticket).Id, StringComparison.Ordinal);
        Assert.Equal(1, await fixture.ScalarAsync<long>("SELECT COUNT(*) FROM chat_history WHERE chat_id = @chatId AND action = 'ended' AND actor_id = @Id", new { chatId, agent.Id }));
        Assert.Equal(HttpStatusCode.Conflict, (await agent.PostAsync($"/api/v1/chats/{chatId}/end", new { afterSeconds = 0 })).StatusCode);
        _ = admin;
    }

    [Fact]
    public async Task EndingAndItsTicketRequestCommitTogetherOrNotAtAll()
    {
        var (admin, agent, chatId) = await ActiveChatAsync();
        await using (var connection = await fixture.Database.OpenAsync())
        {
            // The ticket request cannot be written for this chat: the whole end must roll back with it.
            await connection.ExecuteAsync(fixture.Kind == DatabaseKind.Sqlite
                ? $"""
                  CREATE TRIGGER refuse_ticket BEFORE INSERT ON ticket_requests FOR EACH ROW WHEN NEW.chat_id = '{chatId}'
                  BEGIN SELECT RAISE(ABORT, 'ticket store unavailable'); END;
                  """
                : $"""
                  CREATE FUNCTION refuse_ticket() RETURNS trigger LANGUAGE plpgsql AS $$
                  BEGIN IF NEW.chat_id = '{chatId}' THEN RAISE EXCEPTION 'ticket store unavailable'; END IF; RETURN NEW; END $$;
                  CREATE TRIGGER refuse_ticket BEFORE INSERT ON ticket_requests FOR EACH ROW EXECUTE FUNCTION refuse_ticket();
                  """);
        }

        try
        {
            var response = await agent.PostAsync($"/api/v1/chats/{chatId}/end", new { afterSeconds = 0 });

            Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
            Assert.Equal("active", (await admin.ChatAsync(chatId)).GetProperty("state").GetString());
            Assert.Equal(0, await fixture.ScalarAsync<long>("SELECT COUNT(*) FROM events WHERE chat_id = @chatId AND type = 'chat.ended'", new { chatId }));
            Assert.Equal(0, await fixture.ScalarAsync<long>("SELECT COUNT(*) FROM chat_history WHERE chat_id = @chatId AND action = 'ended'", new { chatId }));
            Assert.Null(await fixture.ScalarAsync<DateTimeOffset?>("SELECT MAX(left_at) FROM chat_participants WHERE chat_id = @chatId", new { chatId }));
        }
        finally
        {
            await using var connection = await fixture.Database.OpenAsync();
            await connection.ExecuteAsync(fixture.Kind == DatabaseKind.Sqlite
                ? "DROP TRIGGER refuse_ticket"
                : "DROP TRIGGER refuse_ticket ON ticket_requests; DROP FUNCTION refuse_ticket();");
        }

        Assert.Equal(HttpStatusCode.OK, (await agent.PostAsync($"/api/v1/chats/{chatId}/end", new { afterSeconds = 0 })).StatusCode);
        Assert.Equal(1, await fixture.ScalarAsync<long>("SELECT COUNT(*) FROM ticket_requests WHERE chat_id = @chatId", new { chatId }));
    }

    [Fact]
    public async Task EndingLaterWaitsForVisitorSilenceAndTypingRestartsTheCountdown()
    {
        var (_, agent, chatId) = await ActiveChatAsync();
        await using var stream = await EventStream.OpenAsync(agent.Http);

        var response = await agent.PostAsync($"/api/v1/chats/{chatId}/end", new { afterSeconds = 30 });

        Assert.Equal("ending", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").GetString());
        Assert.Equal(30, (await stream.NextAsync("chat.ending")).Data().GetProperty("afterSeconds").GetInt32());
        fixture.Clock.Advance(TimeSpan.FromSeconds(20));
        await fixture.VisitorActivityAsync(chatId, ActivityTypes.Typing);
        Assert.True((await stream.NextAsync("chat.ending")).Data().GetProperty("restarted").GetBoolean());
        fixture.Clock.Advance(TimeSpan.FromSeconds(20));
        await fixture.SweepAsync();
        Assert.Equal("ending", (await agent.ChatAsync(chatId)).GetProperty("state").GetString());

        fixture.Clock.Advance(TimeSpan.FromSeconds(11));
        await fixture.SweepAsync();

        var chat = await agent.ChatAsync(chatId);
        Assert.Equal("ended", chat.GetProperty("state").GetString());
        Assert.Equal("inactivity", chat.GetProperty("endReason").GetString());
        Assert.Equal("system", (await stream.NextAsync("chat.ended")).Data().GetProperty("by").GetProperty("kind").GetString());
        Assert.Equal(1, await fixture.ScalarAsync<long>("SELECT COUNT(*) FROM ticket_requests WHERE chat_id = @chatId AND kind = 'transcript'", new { chatId }));
    }

    [Fact]
    public async Task EndingIsRefusedWithAReason()
    {
        var (admin, _, chatId) = await ActiveChatAsync();
        var department = (await admin.ChatAsync(chatId)).GetProperty("departmentId").GetString()!;
        var bystander = await fixture.App.OnlineAsync(admin, "agent", department);
        var queued = await fixture.QueueChatAsync(department);

        var notInChat = await bystander.PostAsync($"/api/v1/chats/{chatId}/end", new { afterSeconds = 0 });
        var badDelay = await admin.PostAsync($"/api/v1/chats/{chatId}/end", new { afterSeconds = 10 });
        var stillQueued = await admin.PostAsync($"/api/v1/chats/{queued}/end", new { afterSeconds = 0 });

        Assert.Equal(HttpStatusCode.Forbidden, notInChat.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badDelay.StatusCode);
        Assert.Contains("afterSeconds", (await badDelay.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, stillQueued.StatusCode);
        Assert.Equal("active", (await admin.ChatAsync(chatId)).GetProperty("state").GetString());
    }

    [Fact]
    public async Task QueuedChatNobodyPicksUpBecomesMissedWithATicketRequest()
    {
        var admin = await fixture.App.AdminAsync();
        var department = await admin.DepartmentAsync($"Missed {Guid.NewGuid():N}");
        var chatId = await fixture.QueueChatAsync(department);
        await using var stream = await EventStream.OpenAsync(admin.Http);
        fixture.Clock.Advance(TimeSpan.FromSeconds(119));
        await fixture.SweepAsync();
        Assert.Equal("queued", (await admin.ChatAsync(chatId)).GetProperty("state").GetString());

        fixture.Clock.Advance(TimeSpan.FromSeconds(2));
        await fixture.SweepAsync();

        var chat = await admin.ChatAsync(chatId);
        Assert.Equal("missed", chat.GetProperty("state").GetString());
        Assert.Equal("missed", chat.GetProperty("ticket").GetProperty("kind").GetString());
        await stream.NextAsync("chat.missed", data => data.GetProperty("chatId").GetString() == chatId);
        Assert.StartsWith("Sorry, nobody could answer", (await fixture.SystemTextsAsync(chatId))[^1], StringComparison.Ordinal);
        var missed = await admin.Http.GetFromJsonAsync<JsonElement>($"/api/v1/chats?view=missed&departmentId={department}");
        Assert.Equal(chatId, Assert.Single(missed.EnumerateArray()).GetProperty("id").GetString());
    }

    [Fact]
    public async Task VisitorLeavingEndsAnActiveChatAndMissesAQueuedOne()
    {
        var (admin, _, active) = await ActiveChatAsync();
        var department = (await admin.ChatAsync(active)).GetProperty("departmentId").GetString()!;
        var queued = await fixture.QueueChatAsync(department);

        await fixture.VisitorActivityAsync(active, ActivityTypes.EndOfConversation);
        await fixture.VisitorActivityAsync(queued, ActivityTypes.EndOfConversation);

        var ended = await admin.ChatAsync(active);
        Assert.Equal("ended", ended.GetProperty("state").GetString());
        Assert.Equal("visitorLeft", ended.GetProperty("endReason").GetString());
        Assert.Equal("transcript", ended.GetProperty("ticket").GetProperty("kind").GetString());
        var missed = await admin.ChatAsync(queued);
        Assert.Equal("missed", missed.GetProperty("state").GetString());
        Assert.Equal("missed", missed.GetProperty("ticket").GetProperty("kind").GetString());
        Assert.DoesNotContain(VisitorTextsEnded, await fixture.SystemTextsAsync(active));
    }

    [Fact]
    public async Task ForgottenActiveChatIsEndedByTheIdleRule()
    {
        var (admin, _, chatId) = await ActiveChatAsync();
        fixture.Clock.Advance(TimeSpan.FromMinutes(29));
        await fixture.SweepAsync();
        Assert.Equal("active", (await admin.ChatAsync(chatId)).GetProperty("state").GetString());

        fixture.Clock.Advance(TimeSpan.FromMinutes(2));
        await fixture.SweepAsync();

        var chat = await admin.ChatAsync(chatId);
        Assert.Equal("ended", chat.GetProperty("state").GetString());
        Assert.Equal("idle", chat.GetProperty("endReason").GetString());
    }

    private const string VisitorTextsEnded = "The chat has ended. Thank you for contacting us.";

    private async Task<(OperatorClient Admin, OperatorClient Agent, string ChatId)> ActiveChatAsync()
    {
        var admin = await fixture.App.AdminAsync();
        var department = await admin.DepartmentAsync($"Ending {Guid.NewGuid():N}");
        var agent = await fixture.App.OnlineAsync(admin, "agent", department);
        var chatId = await fixture.QueueChatAsync(department);
        (await agent.PostAsync($"/api/v1/chats/{chatId}/pickup")).EnsureSuccessStatusCode();
        return (admin, agent, chatId);
    }
}
