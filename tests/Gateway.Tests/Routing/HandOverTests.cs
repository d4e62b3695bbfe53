namespace LiveChat.Gateway.Tests.Routing;

public sealed class HandOverTestsOnPostgres(RoutingFixture fixture) : HandOverTests(fixture), IClassFixture<RoutingFixture>;

public sealed class HandOverTestsOnSqlite(SqliteRoutingFixture fixture) : HandOverTests(fixture), IClassFixture<SqliteRoutingFixture>;

public abstract class HandOverTests(RoutingFixture fixture)
{
    [Fact]
    public async Task SupervisorReassignsAtOnceAndBothOperatorsAreTold()
    {
        var (admin, department, anna, chatId) = await ActiveChatAsync();
        var ben = await fixture.App.OnlineAsync(admin, "agent", department);
        var supervisor = await fixture.App.OnlineAsync(admin, "supervisor");
        await using var annaStream = await EventStream.OpenAsync(anna.Http);
        await using var benStream = await EventStream.OpenAsync(ben.Http);

        var response = await supervisor.PostAsync($"/api/v1/chats/{chatId}/reassign", new { operatorId = ben.Id });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var chat = await response.Content.ReadFromJsonAsync<JsonElement>();
        var open = chat.GetProperty("participants").EnumerateArray().Where(p => !p.TryGetProperty("leftAt", out var left) || left.ValueKind == JsonValueKind.Null).ToList();
        Assert.Equal(ben.Id, Assert.Single(open).GetProperty("id").GetString());
        Assert.Equal(chatId, (await annaStream.NextAsync("chat.unassigned")).Data().GetProperty("chatId").GetString());
        Assert.Equal(ben.Id, (await benStream.NextAsync("chat.assigned")).Data().GetProperty("operatorId").GetString());
        Assert.Equal(1, await fixture.ScalarAsync<long>("SELECT COUNT(*) FROM chat_history WHERE chat_id = @chatId AND action = 'reassigned' AND actor_id = @Id", new { chatId, supervisor.Id }));
    }

    [Fact]
    public async Task ReassignCoversQueuedChatsAndMovesThemToAnotherDepartment()
    {
        var admin = await fixture.App.AdminAsync();
        var from = await admin.DepartmentAsync($"From {Guid.NewGuid():N}");
        var to = await admin.DepartmentAsync($"To {Guid.NewGuid():N}");
        var target = await fixture.App.OnlineAsync(admin, "agent", to);
        var chatId = await fixture.QueueChatAsync(from);

        var response = await admin.PostAsync($"/api/v1/chats/{chatId}/reassign", new { operatorId = target.Id, departmentId = to });

        var chat = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("active", chat.GetProperty("state").GetString());
        Assert.Equal(to, chat.GetProperty("departmentId").GetString());
    }

    [Fact]
    public async Task ReassignTakesAChatAwayFromItsBot()
    {
        var admin = await fixture.App.AdminAsync();
        var department = await admin.DepartmentAsync($"Bots {Guid.NewGuid():N}");
        var human = await fixture.App.OnlineAsync(admin, "agent", department);
        var chatId = await fixture.QueueChatAsync(department);
        await using (var connection = await fixture.Database.OpenAsync())
        {
            await connection.ExecuteAsync("UPDATE chats SET state = 'bot' WHERE id = @chatId", new { chatId });
            await connection.ExecuteAsync(
                "INSERT INTO chat_participants (chat_id, kind, participant_id, name, role, joined_at) VALUES (@chatId, 'bot', 'faq-bot', 'FAQ bot', 'owner', @now)", new { chatId, now = fixture.Clock.GetUtcNow() });
        }

        var response = await admin.PostAsync($"/api/v1/chats/{chatId}/reassign", new { operatorId = human.Id });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var open = await fixture.QueryAsync<(string Kind, string Id)>(
            "SELECT kind, participant_id FROM chat_participants WHERE chat_id = @chatId AND left_at IS NULL", new { chatId });
        Assert.Equal([("operator", human.Id)], open);
        Assert.Equal("active", (await admin.ChatAsync(chatId)).GetProperty("state").GetString());
    }

    [Fact]
    public async Task ReassignIsRefusedToAgentsAndToOfflineOrForeignOperators()
    {
        var (admin, department, anna, chatId) = await ActiveChatAsync();
        var offline = await fixture.App.OfflineAsync(admin, "agent", department);
        var foreign = await fixture.App.OnlineAsync(admin, "agent", await admin.DepartmentAsync($"Foreign {Guid.NewGuid():N}"));
        var ben = await fixture.App.OnlineAsync(admin, "agent", department);

        var byAgent = await anna.PostAsync($"/api/v1/chats/{chatId}/reassign", new { operatorId = ben.Id });
        var toOffline = await admin.PostAsync($"/api/v1/chats/{chatId}/reassign", new { operatorId = offline.Id });
        var toForeign = await admin.PostAsync($"/api/v1/chats/{chatId}/reassign", new { operatorId = foreign.Id });
        var toNobody = await admin.PostAsync($"/api/v1/chats/{chatId}/reassign", new { operatorId = "op_nobody" });

        Assert.Equal(HttpStatusCode.Forbidden, byAgent.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, toOffline.StatusCode);
        Assert.Contains("is offline", await toOffline.DetailAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, toForeign.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, toNobody.StatusCode);
        Assert.Equal(anna.Id, await fixture.ScalarAsync<string>("SELECT participant_id FROM chat_participants WHERE chat_id = @chatId AND left_at IS NULL", new { chatId }));
    }

    [Fact]
    public async Task TransferWaitsForTheTargetToAccept()
    {
        var (admin, department, anna, chatId) = await ActiveChatAsync();
        var ben = await fixture.App.OnlineAsync(admin, "agent", department);
        await using var annaStream = await EventStream.OpenAsync(anna.Http);
        await using var benStream = await EventStream.OpenAsync(ben.Http);

        var response = await anna.PostAsync($"/api/v1/chats/{chatId}/transfer", new { operatorId = ben.Id, note = "Wants a refund, over to billing" });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var requested = (await benStream.NextAsync("chat.transfer.requested")).Data();
        Assert.Equal("Wants a refund, over to billing", requested.GetProperty("request").GetProperty("note").GetString());
        Assert.Equal(anna.Id, await OwnerAsync(chatId));

        var accepted = await ben.PostAsync($"/api/v1/chats/{chatId}/transfer/accept");

        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal(ben.Id, await OwnerAsync(chatId));
        Assert.Equal(chatId, (await annaStream.NextAsync("chat.unassigned")).Data().GetProperty("chatId").GetString());
        Assert.Equal(ben.Id, (await annaStream.NextAsync("chat.transfer.accepted")).Data().GetProperty("by").GetProperty("id").GetString());
        Assert.Matches("joined the chat", (await fixture.SystemTextsAsync(chatId))[^1]);
    }

    [Fact]
    public async Task DeclinedOrTimedOutTransferLeavesTheChatWithTheSender()
    {
        var (admin, department, anna, chatId) = await ActiveChatAsync();
        var ben = await fixture.App.OnlineAsync(admin, "agent", department);
        var carla = await fixture.App.OnlineAsync(admin, "agent", department);
        await using var annaStream = await EventStream.OpenAsync(anna.Http);
        (await anna.PostAsync($"/api/v1/chats/{chatId}/transfer", new { operatorId = ben.Id })).EnsureSuccessStatusCode();

        var second = await anna.PostAsync($"/api/v1/chats/{chatId}/transfer", new { operatorId = carla.Id });
        var wrongPerson = await carla.PostAsync($"/api/v1/chats/{chatId}/transfer/accept");
        var declined = await ben.PostAsync($"/api/v1/chats/{chatId}/transfer/decline");

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, wrongPerson.StatusCode);
        Assert.Equal(HttpStatusCode.OK, declined.StatusCode);
        Assert.Equal(ben.Id, (await annaStream.NextAsync("chat.transfer.declined")).Data().GetProperty("by").GetProperty("id").GetString());
        Assert.Equal(anna.Id, await OwnerAsync(chatId));

        // Now to the whole department, and nobody answers.
        Assert.Equal(HttpStatusCode.Accepted, (await anna.PostAsync($"/api/v1/chats/{chatId}/transfer", new { departmentId = department })).StatusCode);
        fixture.Clock.Advance(TimeSpan.FromSeconds(61));
        await fixture.SweepAsync();

        Assert.Equal("expired", (await annaStream.NextAsync("chat.transfer.expired")).Data().GetProperty("state").GetString());
        Assert.Equal(anna.Id, await OwnerAsync(chatId));
        Assert.Equal(HttpStatusCode.Conflict, (await carla.PostAsync($"/api/v1/chats/{chatId}/transfer/accept")).StatusCode);
    }

    [Fact]
    public async Task TransferIsRefusedToOfflineOperatorsAndFromNonOwners()
    {
        var (admin, department, anna, chatId) = await ActiveChatAsync();
        var offline = await fixture.App.OfflineAsync(admin, "agent", department);
        var ben = await fixture.App.OnlineAsync(admin, "agent", department);

        var toOffline = await anna.PostAsync($"/api/v1/chats/{chatId}/transfer", new { operatorId = offline.Id });
        var notOwner = await ben.PostAsync($"/api/v1/chats/{chatId}/transfer", new { operatorId = anna.Id });
        var toSelf = await anna.PostAsync($"/api/v1/chats/{chatId}/transfer", new { operatorId = anna.Id });
        var toNobody = await anna.PostAsync($"/api/v1/chats/{chatId}/transfer", new { note = "?" });
        var inviteOffline = await anna.PostAsync($"/api/v1/chats/{chatId}/invite", new { operatorId = offline.Id });

        Assert.Equal(HttpStatusCode.Conflict, toOffline.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, notOwner.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, toSelf.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, toNobody.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, inviteOffline.StatusCode);
    }

    [Fact]
    public async Task InvitedOperatorJoinsAndTheVisitorIsTold()
    {
        var (admin, department, anna, chatId) = await ActiveChatAsync();
        var expert = await fixture.App.OnlineAsync(admin, "agent", department);
        var shy = await fixture.App.OnlineAsync(admin, "agent", department);
        await using var expertStream = await EventStream.OpenAsync(expert.Http);
        await using var annaStream = await EventStream.OpenAsync(anna.Http);

        Assert.Equal(HttpStatusCode.Accepted, (await anna.PostAsync($"/api/v1/chats/{chatId}/invite", new { operatorId = expert.Id, note = "Can you help with the API question?" })).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await anna.PostAsync($"/api/v1/chats/{chatId}/invite", new { operatorId = shy.Id })).StatusCode);
        Assert.Equal("Can you help with the API question?", (await expertStream.NextAsync("chat.invite.requested")).Data().GetProperty("request").GetProperty("note").GetString());

        var joined = await expert.PostAsync($"/api/v1/chats/{chatId}/invite/accept");
        var declined = await shy.PostAsync($"/api/v1/chats/{chatId}/invite/decline");

        Assert.Equal(HttpStatusCode.OK, joined.StatusCode);
        Assert.Equal(HttpStatusCode.OK, declined.StatusCode);
        var participants = await fixture.QueryAsync<(string Id, string Role)>(
            "SELECT participant_id, role FROM chat_participants WHERE chat_id = @chatId AND left_at IS NULL ORDER BY id", new { chatId });
        Assert.Equal([(anna.Id, "owner"), (expert.Id, "invited")], participants);
        Assert.Equal(expert.Id, (await annaStream.NextAsync("chat.participant.joined")).Data().GetProperty("operatorId").GetString());
        Assert.Equal(expert.Id, (await annaStream.NextAsync("chat.invite.accepted")).Data().GetProperty("by").GetProperty("id").GetString());
        Assert.Equal(shy.Id, (await annaStream.NextAsync("chat.invite.declined")).Data().GetProperty("by").GetProperty("id").GetString());
        Assert.Matches("^agent .+ joined the chat\\.$", (await fixture.SystemTextsAsync(chatId))[^1]);
        Assert.Equal(HttpStatusCode.Conflict, (await anna.PostAsync($"/api/v1/chats/{chatId}/invite", new { operatorId = expert.Id })).StatusCode);

        Assert.Equal(HttpStatusCode.Conflict, (await anna.PostAsync($"/api/v1/chats/{chatId}/leave")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await expert.PostAsync($"/api/v1/chats/{chatId}/leave")).StatusCode);
        Assert.Matches("^agent .+ left the chat\\.$", (await fixture.SystemTextsAsync(chatId))[^1]);
        Assert.Equal(anna.Id, await fixture.ScalarAsync<string>("SELECT participant_id FROM chat_participants WHERE chat_id = @chatId AND left_at IS NULL", new { chatId }));
    }

    [Fact]
    public async Task ASupervisorJoinsAnOperatorsChatUninvitedWritesBesideThemAndLeaves()
    {
        var (admin, department, anna, chatId) = await ActiveChatAsync();
        var lead = await fixture.App.OnlineAsync(admin, "supervisor");
        var colleague = await fixture.App.OnlineAsync(admin, "agent", department);
        var away = await fixture.App.OfflineAsync(admin, "supervisor");
        await using var annaStream = await EventStream.OpenAsync(anna.Http);

        var byAgent = await colleague.PostAsync($"/api/v1/chats/{chatId}/join");
        var offline = await away.PostAsync($"/api/v1/chats/{chatId}/join");
        var joined = await lead.PostAsync($"/api/v1/chats/{chatId}/join");
        var again = await lead.PostAsync($"/api/v1/chats/{chatId}/join");
        var reply = await lead.PostAsync($"/api/v1/chats/{chatId}/messages", new { text = "I am the team lead; we will sort this out today." });

        Assert.Equal(HttpStatusCode.Forbidden, byAgent.StatusCode);
        Assert.Contains("invite you", await byAgent.DetailAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, offline.StatusCode);
        Assert.Contains("offline", await offline.DetailAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, joined.StatusCode);
        Assert.Contains((await joined.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("participants").EnumerateArray(),
            p => p.GetProperty("id").GetString() == lead.Id && p.GetProperty("role").GetString() == "invited");
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.True(reply.IsSuccessStatusCode, $"the supervisor's reply answered {(int)reply.StatusCode}");
        Assert.Equal(lead.Id, (await annaStream.NextAsync("chat.participant.joined")).Data().GetProperty("operatorId").GetString());
        Assert.Matches("^supervisor .+ joined the chat\\.$", (await fixture.SystemTextsAsync(chatId))[^1]);
        Assert.Equal(anna.Id, await fixture.ScalarAsync<string>(
            "SELECT participant_id FROM chat_participants WHERE chat_id = @chatId AND role = 'owner' AND left_at IS NULL", new { chatId }));

        Assert.Equal(HttpStatusCode.NoContent, (await lead.PostAsync($"/api/v1/chats/{chatId}/leave")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await lead.PostAsync($"/api/v1/chats/{chatId}/join")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anna.PostAsync($"/api/v1/chats/{chatId}/end", new { afterSeconds = 0 })).StatusCode);
        var ended = await (await fixture.App.OnlineAsync(admin, "admin")).PostAsync($"/api/v1/chats/{chatId}/join");
        Assert.Equal(HttpStatusCode.Conflict, ended.StatusCode);
        Assert.Equal("The chat has ended.", await ended.DetailAsync());
    }

    [Fact]
    public async Task TagsAreReplacedTrimmedAndFilterable()
    {
        var (admin, _, anna, chatId) = await ActiveChatAsync();

        var response = await anna.Http.PutAsJsonAsync($"/api/v1/chats/{chatId}/tags", new { tags = new[] { " VIP ", "Billing", "VIP" } });
        var tooLong = await anna.Http.PutAsJsonAsync($"/api/v1/chats/{chatId}/tags", new { tags = new[] { new string('x', 51) } });
        var tooMany = await anna.Http.PutAsJsonAsync($"/api/v1/chats/{chatId}/tags", new { tags = Enumerable.Range(0, 21).Select(i => $"t{i}") });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        var chat = await admin.ChatAsync(chatId);
        Assert.Equal(["Billing", "VIP"], chat.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        var vip = await anna.Http.GetFromJsonAsync<JsonElement>("/api/v1/chats?view=mine&tag=VIP");
        Assert.Equal(chatId, Assert.Single(vip.EnumerateArray()).GetProperty("id").GetString());
        Assert.Equal(1, await fixture.ScalarAsync<long>("SELECT COUNT(*) FROM chat_history WHERE chat_id = @chatId AND action = 'tagged'", new { chatId }));
    }

    private Task<string?> OwnerAsync(string chatId) =>
        fixture.ScalarAsync<string>("SELECT participant_id FROM chat_participants WHERE chat_id = @chatId AND role = 'owner' AND left_at IS NULL", new { chatId });

    private async Task<(OperatorClient Admin, string Department, OperatorClient Owner, string ChatId)> ActiveChatAsync()
    {
        var admin = await fixture.App.AdminAsync();
        var department = await admin.DepartmentAsync($"Hand-over {Guid.NewGuid():N}");
        var owner = await fixture.App.OnlineAsync(admin, "agent", department);
        var chatId = await fixture.QueueChatAsync(department);
        (await owner.PostAsync($"/api/v1/chats/{chatId}/pickup")).EnsureSuccessStatusCode();
        return (admin, department, owner, chatId);
    }
}
