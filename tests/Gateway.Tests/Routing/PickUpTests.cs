namespace LiveChat.Gateway.Tests.Routing;

public sealed class PickUpTestsOnPostgres(RoutingFixture fixture) : PickUpTests(fixture), IClassFixture<RoutingFixture>;

public sealed class PickUpTestsOnSqlite(SqliteRoutingFixture fixture) : PickUpTests(fixture), IClassFixture<SqliteRoutingFixture>;

public abstract class PickUpTests(RoutingFixture fixture)
{
    [Fact]
    public async Task OnlineAgentPicksUpAQueuedChatAndTheVisitorIsTold()
    {
        var admin = await fixture.App.AdminAsync();
        var department = await admin.DepartmentAsync($"Support {Guid.NewGuid():N}");
        var agent = await fixture.App.OnlineAsync(admin, "agent", department);
        await using var stream = await EventStream.OpenAsync(agent.Http);
        var chatId = await fixture.QueueChatAsync(department);
        var queued = await stream.NextAsync("chat.queued");
        Assert.Equal(chatId, queued.Data().GetProperty("chatId").GetString());

        var response = await agent.PostAsync($"/api/v1/chats/{chatId}/pickup");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var chat = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("active", chat.GetProperty("state").GetString());
        var owner = Assert.Single(chat.GetProperty("participants").EnumerateArray());
        Assert.Equal(agent.Id, owner.GetProperty("id").GetString());
        Assert.Equal("owner", owner.GetProperty("role").GetString());
        Assert.True(chat.TryGetProperty("assignedAt", out var assignedAt) && assignedAt.ValueKind == JsonValueKind.String);
        var assigned = (await stream.NextAsync("chat.assigned")).Data();
        Assert.Equal(agent.Id, assigned.GetProperty("operatorId").GetString());
        var texts = await fixture.SystemTextsAsync(chatId);
        Assert.StartsWith("You are next in the queue.", texts[0], StringComparison.Ordinal);
        Assert.Matches(@"^agent .+ joined the chat\.$", texts[^1]);
        Assert.Equal(1, await fixture.ScalarAsync<long>("SELECT COUNT(*) FROM chat_history WHERE chat_id = @chatId AND action = 'pickedUp' AND actor_id = @Id", new { chatId, agent.Id }));
        Assert.Equal(2, await fixture.ScalarAsync<long>("SELECT COUNT(*) FROM messages WHERE chat_id = @chatId AND sender_kind = 'system' AND direction = 'out'", new { chatId }));
    }

    [Fact]
    public async Task TwoPickUpsAtOnceExactlyOneWins()
    {
        var admin = await fixture.App.AdminAsync();
        var department = await admin.DepartmentAsync($"Race {Guid.NewGuid():N}");
        var first = await fixture.App.OnlineAsync(admin, "agent", department);
        var second = await fixture.App.OnlineAsync(admin, "agent", department);
        for (var round = 0; round < 5; round++)
        {
            var chatId = await fixture.QueueChatAsync(department);

            var responses = await Task.WhenAll(first.PostAsync($"/api/v1/chats/{chatId}/pickup"), second.PostAsync($"/api/v1/chats/{chatId}/pickup"));

            Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], responses.Select(r => r.StatusCode).Order());
            var loser = responses.Single(r => r.StatusCode == HttpStatusCode.Conflict);
            Assert.Matches("picked up this chat first", await loser.DetailAsync());
            Assert.Equal(1, await fixture.ScalarAsync<long>("SELECT COUNT(*) FROM chat_participants WHERE chat_id = @chatId", new { chatId }));
            Assert.Equal(1, await fixture.ScalarAsync<long>("SELECT COUNT(*) FROM events WHERE chat_id = @chatId AND type = 'chat.assigned'", new { chatId }));

            // Free both agents' capacity for the next round.
            var winner = responses[0].StatusCode == HttpStatusCode.OK ? first : second;
            (await winner.PostAsync($"/api/v1/chats/{chatId}/end", new { afterSeconds = 0 })).EnsureSuccessStatusCode();
        }
    }

    [Fact]
    public async Task ManyPickUpsAtOnceInOneQueueAllSucceed()
    {
        // Each pick-up tells the visitors still queued that they moved up: it writes notices into the other
        // chats of the queue while those may be being picked up at the same moment (found by bench/ scenario 4).
        var admin = await fixture.App.AdminAsync();
        var department = await admin.DepartmentAsync($"Rush {Guid.NewGuid():N}");
        var first = await fixture.App.OnlineAsync(admin, "agent", department);
        var second = await fixture.App.OnlineAsync(admin, "agent", department);
        var chats = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            chats.Add(await fixture.QueueChatAsync(department));
        }

        var responses = await Task.WhenAll(chats.Select((chatId, i) => (i % 2 == 0 ? first : second).PostAsync($"/api/v1/chats/{chatId}/pickup")));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        // Dapper expands a list for SQLite but hands it to Npgsql as one array.
        var anyOfChats = fixture.Kind == DatabaseKind.Sqlite ? "id IN @chats" : "id = ANY(@chats)";
        Assert.Equal(6, await fixture.ScalarAsync<long>($"SELECT COUNT(*) FROM chats WHERE {anyOfChats} AND state = 'active'", new { chats = chats.ToArray() }));
    }

    [Fact]
    public async Task WhenTheQueueMovesOnlyTheFrontAndEveryTenthPlaceAreTold()
    {
        var admin = await fixture.App.AdminAsync();
        var department = await admin.DepartmentAsync($"Long queue {Guid.NewGuid():N}");
        var agent = await fixture.App.OnlineAsync(admin, "agent", department);
        var chats = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            chats.Add(await fixture.QueueChatAsync(department));
        }

        (await agent.PostAsync($"/api/v1/chats/{chats[0]}/pickup")).EnsureSuccessStatusCode();

        // chats[k] moved from place k+1 to place k: told at places 1, 2, 3 and 10 only, besides the notice on queueing.
        var told = new List<int>();
        for (var k = 1; k < chats.Count; k++)
        {
            var texts = await fixture.SystemTextsAsync(chats[k]);
            if (texts.Count == 2)
            {
                told.Add(k);
                Assert.StartsWith(k == 1 ? "You are next in the queue." : $"You are number {k} in the queue.", texts[^1], StringComparison.Ordinal);
            }
            else
            {
                Assert.Single(texts);
            }
        }

        Assert.Equal([1, 2, 3, 10], told);
    }

    [Fact]
    public async Task PickUpIsRefusedWithAReason()
    {
        var admin = await fixture.App.AdminAsync();
        var department = await admin.DepartmentAsync($"Refusals {Guid.NewGuid():N}");
        var other = await admin.DepartmentAsync($"Elsewhere {Guid.NewGuid():N}");
        var offline = await fixture.App.OfflineAsync(admin, "agent", department);
        var outsider = await fixture.App.OnlineAsync(admin, "agent", other);
        var agent = await fixture.App.OnlineAsync(admin, "agent", department);
        var chatId = await fixture.QueueChatAsync(department);

        var whileOffline = await offline.PostAsync($"/api/v1/chats/{chatId}/pickup");
        var fromOutside = await outsider.PostAsync($"/api/v1/chats/{chatId}/pickup");
        var unknown = await agent.PostAsync("/api/v1/chats/ch_nope/pickup");

        Assert.Equal(HttpStatusCode.Conflict, whileOffline.StatusCode);
        Assert.Equal("You are offline. Go online to pick up chats.", await whileOffline.DetailAsync());
        Assert.Equal(HttpStatusCode.Forbidden, fromOutside.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("queued", (await admin.ChatAsync(chatId)).GetProperty("state").GetString());

        // The seeded agents may hold 3 chats at once.
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await agent.PostAsync($"/api/v1/chats/{await fixture.QueueChatAsync(department)}/pickup")).StatusCode);
        }

        var overLimit = await agent.PostAsync($"/api/v1/chats/{chatId}/pickup");
        Assert.Equal(HttpStatusCode.Conflict, overLimit.StatusCode);
        Assert.Equal("You already have 3 open chats, your limit is 3. End one first.", await overLimit.DetailAsync());
    }

    [Fact]
    public async Task SupervisorPicksUpFromAnyDepartment()
    {
        var admin = await fixture.App.AdminAsync();
        var department = await admin.DepartmentAsync($"Anywhere {Guid.NewGuid():N}");
        var supervisor = await fixture.App.OnlineAsync(admin, "supervisor");
        var chatId = await fixture.QueueChatAsync(department);

        var response = await supervisor.PostAsync($"/api/v1/chats/{chatId}/pickup");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task QueuedVisitorsAreToldTheirPositionAsTheQueueMoves()
    {
        var admin = await fixture.App.AdminAsync();
        var department = await admin.DepartmentAsync($"Queue {Guid.NewGuid():N}");
        var agent = await fixture.App.OnlineAsync(admin, "agent", department);
        var first = await fixture.QueueChatAsync(department);
        var second = await fixture.QueueChatAsync(department);
        var third = await fixture.QueueChatAsync(department);
        Assert.Equal("You are number 3 in the queue. Estimated wait: about 5 minutes.", Assert.Single(await fixture.SystemTextsAsync(third)));
        await using var stream = await EventStream.OpenAsync(agent.Http);
        var before = await fixture.ScalarAsync<long>("SELECT MAX(id) FROM events");

        (await agent.PostAsync($"/api/v1/chats/{first}/pickup")).EnsureSuccessStatusCode();

        Assert.Equal("You are next in the queue. Estimated wait: about a minute.", (await fixture.SystemTextsAsync(second))[^1]);
        Assert.StartsWith("You are number 2 in the queue.", (await fixture.SystemTextsAsync(third))[^1], StringComparison.Ordinal);
        var moved = (await fixture.QueryAsync<string>("SELECT payload FROM events WHERE id > @before AND type = 'chat.queue.position' ORDER BY id", new { before }))
            .Select(p => JsonDocument.Parse(p).RootElement)
            .ToDictionary(e => e.GetProperty("chatId").GetString()!, e => e.GetProperty("position").GetInt32());
        while (true)
        {
            var data = (await stream.NextAsync("chat.queue.position")).Data();
            if (data.GetProperty("chatId").GetString() == second && data.GetProperty("position").GetInt32() == 1)
            {
                break;
            }
        }

        Assert.Equal(new Dictionary<string, int> { [second] = 1, [third] = 2 }, moved);
    }

    [Fact]
    public async Task WhenAChatLeavesTheMiddleOfTheQueueOnlyThoseBehindItAreTold()
    {
        var admin = await fixture.App.AdminAsync();
        var department = await admin.DepartmentAsync($"Queue {Guid.NewGuid():N}");
        var agent = await fixture.App.OnlineAsync(admin, "agent", department);
        var first = await fixture.QueueChatAsync(department);
        var second = await fixture.QueueChatAsync(department);
        var third = await fixture.QueueChatAsync(department);
        var before = await fixture.ScalarAsync<long>("SELECT MAX(id) FROM events");

        (await agent.PostAsync($"/api/v1/chats/{second}/pickup")).EnsureSuccessStatusCode();

        var moved = (await fixture.QueryAsync<string>("SELECT payload FROM events WHERE id > @before AND type = 'chat.queue.position' ORDER BY id", new { before }))
            .Select(p => JsonDocument.Parse(p).RootElement)
            .ToDictionary(e => e.GetProperty("chatId").GetString()!, e => e.GetProperty("position").GetInt32());
        Assert.Equal(new Dictionary<string, int> { [third] = 2 }, moved);
        Assert.StartsWith("You are number 2 in the queue.", (await fixture.SystemTextsAsync(third))[^1], StringComparison.Ordinal);
        Assert.StartsWith("You are next in the queue.", Assert.Single(await fixture.SystemTextsAsync(first)), StringComparison.Ordinal);
    }
}
