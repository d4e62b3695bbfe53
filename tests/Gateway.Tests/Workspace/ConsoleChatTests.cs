using LiveChat.Gateway.Tests.Routing;

namespace LiveChat.Gateway.Tests.Workspace;

public sealed class ConsoleChatTestsOnPostgres(ConsoleFixture fixture) : ConsoleChatTests(fixture), IClassFixture<ConsoleFixture>;

public sealed class ConsoleChatTestsOnSqlite(SqliteConsoleFixture fixture) : ConsoleChatTests(fixture), IClassFixture<SqliteConsoleFixture>;

public abstract class ConsoleChatTests(ConsoleFixture fixture)
{
    [Fact]
    public async Task ListsArePagedWithLimitAndOffsetInTheirOrder()
    {
        var admin = await fixture.App.AdminAsync();
        var department = await admin.DepartmentAsync($"Paging {Guid.NewGuid():N}");
        var queued = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            queued.Add(await fixture.QueueChatAsync(department, $"Question {i}"));
        }

        var pages = new List<string>();
        for (var offset = 0; offset < 6; offset += 2)
        {
            var page = await admin.Http.GetFromJsonAsync<JsonElement>($"/api/v1/chats?view=queued&departmentId={department}&limit=2&offset={offset}");
            pages.AddRange(page.EnumerateArray().Select(c => c.GetProperty("id").GetString()!));
        }

        var negative = await admin.Http.GetAsync("/api/v1/chats?view=queued&offset=-1");

        Assert.Equal(queued, pages);
        Assert.Equal(HttpStatusCode.BadRequest, negative.StatusCode);
        Assert.True((await negative.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("offset", out _));
    }

    [Fact]
    public async Task BeforePagesBackwardsReturningTheMessagesJustBeforeItOldestFirst()
    {
        var chat = await fixture.ActiveChatAsync("first");
        foreach (var text in new[] { "second", "third", "fourth" })
        {
            await fixture.CustomerWritesAsync(chat.Key, text);
        }

        var all = await fixture.MessagesAsync(chat.Owner, chat.ChatId);
        var page = await fixture.MessagesAsync(chat.Owner, chat.ChatId, $"?before={all[^1].Id}&limit=2");
        var beforeFirst = await fixture.MessagesAsync(chat.Owner, chat.ChatId, $"?before={all[0].Id}");
        var latest = await fixture.MessagesAsync(chat.Owner, chat.ChatId, "?latest=true&limit=2");

        Assert.True(all.Count >= 4);
        Assert.Equal(all[^3..^1].Select(m => m.Id), page.Select(m => m.Id));
        Assert.Empty(beforeFirst);
        Assert.Equal(all[^2..].Select(m => m.Id), latest.Select(m => m.Id));
    }

    [Fact]
    public async Task BeforeWithAfterOrNamingAnotherChatsMessageIsRefusedNamingTheParameter()
    {
        var chat = await fixture.ActiveChatAsync();
        var other = await fixture.ActiveChatAsync();
        var mine = (await fixture.MessagesAsync(chat.Owner, chat.ChatId))[0].Id;
        var theirs = (await fixture.MessagesAsync(other.Owner, other.ChatId))[0].Id;

        var both = await chat.Owner.Http.GetAsync($"/api/v1/chats/{chat.ChatId}/messages?before={mine}&after={mine}");
        var foreign = await chat.Owner.Http.GetAsync($"/api/v1/chats/{chat.ChatId}/messages?before={theirs}");

        Assert.Equal(HttpStatusCode.BadRequest, both.StatusCode);
        Assert.True((await both.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("before", out _));
        Assert.Equal(HttpStatusCode.BadRequest, foreign.StatusCode);
        Assert.True((await foreign.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("before", out _));
    }

    [Fact]
    public async Task PrivateNoteReachesColleaguesButNeverTheWidgetCustomer()
    {
        var admin = await fixture.App.AdminAsync();
        var owner = await fixture.App.OnlineAsync(admin, "supervisor");
        var colleague = await fixture.App.OnlineAsync(admin, "supervisor");
        var ownerName = (await owner.Http.GetFromJsonAsync<JsonElement>("/api/v1/operators/me")).GetProperty("name").GetString();
        var (conversationId, token, _) = await fixture.StartAsync("Nora");
        await fixture.PostAsync(conversationId, token, new { type = "message", from = new { id = "r_user1" }, text = "Hello?" });
        var chatId = await fixture.ChatIdAsync(conversationId);
        (await owner.PostAsync($"/api/v1/chats/{chatId}/pickup")).EnsureSuccessStatusCode();
        await using var stream = await EventStream.OpenAsync(colleague.Http);

        var response = await owner.PostAsync($"/api/v1/chats/{chatId}/notes", new NoteRequest("Customer is a VIP, be quick"));
        (await owner.PostAsync($"/api/v1/chats/{chatId}/messages", new { text = "marker after the note" })).EnsureSuccessStatusCode();

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var note = (await response.Content.ReadFromJsonAsync<MessageView>())!;
        Assert.True(note.Internal);
        Assert.Equal(new SenderView("operator", owner.Id, ownerName), note.From);
        var seen = await stream.NextAsync("chat.message", d => d.GetProperty("id").GetString() == note.Id);
        Assert.True(seen.GetProperty("internal").GetBoolean());
        var delivered = await fixture.PollUntilAsync(conversationId, token, a => a.TryGetProperty("text", out var t) && t.GetString() == "marker after the note");
        Assert.DoesNotContain(delivered, a => a.TryGetProperty("text", out var t) && t.GetString() == "Customer is a VIP, be quick");
        Assert.Equal(0, await fixture.ScalarAsync<long>("SELECT COUNT(*) FROM outbox WHERE message_id = @Id", note));
    }

    [Fact]
    public async Task NoteIsRefusedOutsideMyDepartmentsForUnknownChatsAndWhenEmpty()
    {
        var chat = await fixture.ActiveChatAsync();
        var stranger = await fixture.App.OnlineAsync(chat.Admin, "agent", await chat.Admin.DepartmentAsync($"Other {Guid.NewGuid():N}"));

        var foreign = await stranger.PostAsync($"/api/v1/chats/{chat.ChatId}/notes", new NoteRequest("hi"));
        var unknown = await chat.Owner.PostAsync("/api/v1/chats/chat_nope/notes", new NoteRequest("hi"));
        var empty = await chat.Owner.PostAsync($"/api/v1/chats/{chat.ChatId}/notes", new NoteRequest(""));
        var colleague = await fixture.App.OnlineAsync(chat.Admin, "agent", chat.Department);
        var byColleague = await colleague.PostAsync($"/api/v1/chats/{chat.ChatId}/notes", new NoteRequest("I can help"));

        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.True((await empty.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("text", out _));
        Assert.Equal(HttpStatusCode.Created, byColleague.StatusCode);
    }

    [Fact]
    public async Task RequestsListTransfersToMeAndFromMeWithTheSendersNameAndNotOthers()
    {
        var chat = await fixture.ActiveChatAsync();
        var ben = await fixture.App.OnlineAsync(chat.Admin, "agent", chat.Department);
        var carl = await fixture.App.OnlineAsync(chat.Admin, "agent", chat.Department);
        var ownerName = (await chat.Owner.Http.GetFromJsonAsync<JsonElement>("/api/v1/operators/me")).GetProperty("name").GetString();

        (await chat.Owner.PostAsync($"/api/v1/chats/{chat.ChatId}/transfer", new { operatorId = ben.Id, note = "Billing question" })).EnsureSuccessStatusCode();
        var toBen = await ben.Http.GetFromJsonAsync<List<ChatRequestView>>("/api/v1/chats/requests");
        var fromOwner = await chat.Owner.Http.GetFromJsonAsync<List<ChatRequestView>>("/api/v1/chats/requests");
        var forCarl = await carl.Http.GetFromJsonAsync<List<ChatRequestView>>("/api/v1/chats/requests");
        (await chat.Owner.PostAsync($"/api/v1/chats/{chat.ChatId}/invite", new { operatorId = carl.Id })).EnsureSuccessStatusCode();
        var invitedCarl = await carl.Http.GetFromJsonAsync<List<ChatRequestView>>("/api/v1/chats/requests");

        var request = Assert.Single(toBen!);
        Assert.Equal((chat.ChatId, "transfer", chat.Owner.Id, ownerName, ben.Id, "Billing question", "pending"),
            (request.ChatId, request.Kind, request.FromOperatorId, request.FromOperatorName, request.ToOperatorId, request.Note, request.State));
        Assert.Equal(request.Id, Assert.Single(fromOwner!).Id);
        Assert.Empty(forCarl!);
        Assert.Equal("invite", Assert.Single(invitedCarl!).Kind);
    }

    [Fact]
    public async Task ColleaguesAreOnlineOperatorsWhoCouldTakeTheChatLeastLoadedFirst()
    {
        var chat = await fixture.ActiveChatAsync();
        var admin = chat.Admin;
        var ben = await fixture.App.OnlineAsync(admin, "agent", chat.Department);
        var carl = await fixture.App.OnlineAsync(admin, "agent", chat.Department);
        var frank = await fixture.App.OnlineAsync(admin, "agent", chat.Department);
        var dave = await fixture.App.OfflineAsync(admin, "agent", chat.Department);
        var erin = await fixture.App.OnlineAsync(admin, "agent", await admin.DepartmentAsync($"Elsewhere {Guid.NewGuid():N}"));
        var supervisor = await fixture.App.OnlineAsync(admin, "supervisor");
        (await carl.PostAsync($"/api/v1/chats/{await fixture.QueueChatAsync(chat.Department)}/pickup")).EnsureSuccessStatusCode();
        for (var i = 0; i < 3; i++)
        {
            (await frank.PostAsync($"/api/v1/chats/{await fixture.QueueChatAsync(chat.Department)}/pickup")).EnsureSuccessStatusCode();
        }

        var transfer = await chat.Owner.Http.GetFromJsonAsync<List<ColleagueView>>($"/api/v1/chats/{chat.ChatId}/colleagues?purpose=transfer");
        var invite = await chat.Owner.Http.GetFromJsonAsync<List<ColleagueView>>($"/api/v1/chats/{chat.ChatId}/colleagues?purpose=invite");
        var reassignByAgent = await chat.Owner.Http.GetAsync($"/api/v1/chats/{chat.ChatId}/colleagues?purpose=reassign");
        var reassign = await supervisor.Http.GetFromJsonAsync<List<ColleagueView>>($"/api/v1/chats/{chat.ChatId}/colleagues?purpose=reassign");
        var noPurpose = await chat.Owner.Http.GetAsync($"/api/v1/chats/{chat.ChatId}/colleagues");

        Assert.Equal([ben.Id, carl.Id], transfer!.Select(c => c.Id));
        Assert.Equal([0, 1], transfer!.Select(c => c.OpenChats));
        Assert.Equal([ben.Id, carl.Id, frank.Id], invite!.Select(c => c.Id));
        Assert.Equal(HttpStatusCode.Forbidden, reassignByAgent.StatusCode);
        var reassignIds = reassign!.Select(c => c.Id).ToList();
        Assert.Contains(erin.Id, reassignIds);
        Assert.Contains(ben.Id, reassignIds);
        Assert.DoesNotContain(chat.Owner.Id, reassignIds);
        Assert.DoesNotContain(frank.Id, reassignIds);
        Assert.DoesNotContain(dave.Id, reassignIds);
        Assert.DoesNotContain(supervisor.Id, reassignIds);
        Assert.Equal(HttpStatusCode.BadRequest, noPurpose.StatusCode);
        Assert.True((await noPurpose.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("purpose", out _));
    }

    [Fact]
    public async Task WhatsAppChatShowsWhenItsReplyWindowClosesAndWidgetChatsHaveNone()
    {
        var chat = await fixture.ActiveChatAsync();
        var (conversationId, token, _) = await fixture.StartAsync("Wanda");
        await fixture.PostAsync(conversationId, token, new { type = "message", from = new { id = "r_user1" }, text = "Hi from the site" });

        var whatsApp = await chat.Owner.Http.GetFromJsonAsync<ChatView>($"/api/v1/chats/{chat.ChatId}");
        var widget = await chat.Admin.Http.GetFromJsonAsync<ChatView>($"/api/v1/chats/{await fixture.ChatIdAsync(conversationId)}");
        var lastCustomerMessageAt = await fixture.ScalarAsync<DateTimeOffset>("SELECT last_customer_message_at FROM chats WHERE id = @ChatId", chat);

        Assert.Equal(lastCustomerMessageAt.AddHours(24), whatsApp!.ReplyWindowClosesAt);
        Assert.Null(widget!.ReplyWindowClosesAt);
    }

    [Fact]
    public async Task OpenApiDocumentDescribesTheConsoleRoutes()
    {
        var document = await fixture.App.Anonymous().GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var paths = document.GetProperty("paths");
        foreach (var (path, method) in new[]
        {
            ("/api/v1/chats/{id}/notes", "post"), ("/api/v1/chats/{id}/attachments", "post"), ("/api/v1/chats/{id}/attachments/{fileId}", "get"),
            ("/api/v1/chats/{id}/colleagues", "get"), ("/api/v1/chats/{id}/read", "post"), ("/api/v1/chats/unread", "get"),
            ("/api/v1/chats/{id}/presence", "post"), ("/api/v1/chats/{id}/presence", "get"), ("/api/v1/chats/search", "get"),
            ("/api/v1/chats/requests", "get"), ("/api/v1/operators/me/preferences", "put"), ("/files/{fileId}", "get"), ("/", "get"), ("/demo", "get"),
        })
        {
            Assert.True(paths.TryGetProperty(path, out var item) && item.TryGetProperty(method, out _), $"{method} {path} should be in the OpenAPI document");
        }

        var upload = paths.GetProperty("/api/v1/chats/{id}/attachments").GetProperty("post").GetProperty("requestBody").GetProperty("content");
        Assert.True(upload.TryGetProperty("multipart/form-data", out _), "the attachment upload should be documented as multipart/form-data");
        var messages = paths.GetProperty("/api/v1/chats/{id}/messages").GetProperty("get").GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString());
        Assert.Contains("before", messages);
    }
}
