using LiveChat.Gateway.Tests.Routing;

namespace LiveChat.Gateway.Tests.Admin;

/// <summary>Disabling an operator hands their open chats on: the ones they own go back to the queue, their invited places end, their history stays.</summary>
public sealed class DisabledOperatorChatsTests(AdminFixture fixture) : IClassFixture<AdminFixture>
{
    [Fact]
    public async Task ADisabledOperatorsChatsGoBackToTheQueueAndAColleagueAnswersTheCustomer()
    {
        var admin = await fixture.App.AdminAsync();
        var department = await admin.DepartmentAsync($"Requeue {Guid.NewGuid():N}");
        var leaving = await fixture.App.OnlineAsync(admin, "agent", department);
        var other = await fixture.App.OnlineAsync(admin, "agent", department);
        var earlier = await CustomerAsync(department, "An old question");
        (await leaving.PostAsync($"/api/v1/chats/{earlier.ChatId}/pickup")).EnsureSuccessStatusCode();
        (await leaving.PostAsync($"/api/v1/chats/{earlier.ChatId}/end", new { afterSeconds = 0 })).EnsureSuccessStatusCode();
        var owned = await CustomerAsync(department, "Where is my parcel?");
        (await leaving.PostAsync($"/api/v1/chats/{owned.ChatId}/pickup")).EnsureSuccessStatusCode();
        var ending = await CustomerAsync(department, "Thanks, that was all.");
        (await leaving.PostAsync($"/api/v1/chats/{ending.ChatId}/pickup")).EnsureSuccessStatusCode();
        (await leaving.PostAsync($"/api/v1/chats/{ending.ChatId}/end", new { afterSeconds = 90 })).EnsureSuccessStatusCode();
        var others = await CustomerAsync(department, "Can I change my address?");
        (await other.PostAsync($"/api/v1/chats/{others.ChatId}/pickup")).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.Accepted, (await other.PostAsync($"/api/v1/chats/{others.ChatId}/invite", new { operatorId = leaving.Id })).StatusCode);
        (await leaving.PostAsync($"/api/v1/chats/{others.ChatId}/invite/accept")).EnsureSuccessStatusCode();
        var colleague = await fixture.App.OnlineAsync(admin, "agent", department);
        await using var stream = await EventStream.OpenAsync(colleague.Http);
        var me = (await leaving.Http.GetFromJsonAsync<OperatorView>("/api/v1/operators/me"))!;

        var disabled = await admin.Http.PutAsJsonAsync($"/api/v1/operators/{leaving.Id}", new { me.Name, me.Email, me.Role, disabled = true });

        Assert.Equal(HttpStatusCode.OK, disabled.StatusCode);
        var queued = await stream.NextAsync("chat.queued", data => data.GetProperty("chatId").GetString() == owned.ChatId);
        Assert.Equal(("operator", leaving.Id), (queued.GetProperty("from").GetProperty("kind").GetString(), queued.GetProperty("from").GetProperty("id").GetString()));
        await stream.NextAsync("chat.alert", data => data.GetProperty("chatId").GetString() == owned.ChatId);
        var queue = (await colleague.Http.GetFromJsonAsync<List<ChatView>>($"/api/v1/chats?view=queued&departmentId={department}"))!;
        Assert.Equal(new[] { ending.ChatId, owned.ChatId }.Order(StringComparer.Ordinal), queue.Select(c => c.Id).Order(StringComparer.Ordinal));
        Assert.All(queue, c => Assert.Equal((department, (DateTimeOffset?)null), (c.DepartmentId, c.AutoEndAt)));
        Assert.All(queue, c => Assert.DoesNotContain(c.Participants, p => p.LeftAt is null));
        var notes = (await colleague.Http.GetFromJsonAsync<List<MessageView>>($"/api/v1/chats/{owned.ChatId}/messages"))!;
        Assert.Contains(notes, m => m.Text == $"{me.Name} was disabled; the chat is back in the queue.");

        (await colleague.PostAsync($"/api/v1/chats/{owned.ChatId}/pickup")).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.Created, (await colleague.PostAsync($"/api/v1/chats/{owned.ChatId}/messages", new { text = "I have your parcel's tracking here." })).StatusCode);

        var seen = await fixture.PollUntilAsync(owned.Conversation, owned.Token, a => a.TryGetProperty("text", out var t) && t.GetString() == "I have your parcel's tracking here.");
        var texts = seen.Select(a => a.TryGetProperty("text", out var t) ? t.GetString() : null).ToList();
        Assert.Contains(texts[texts.IndexOf($"{me.Name} joined the chat.")..], t => t?.Contains("in the queue", StringComparison.Ordinal) == true);
        Assert.DoesNotContain(texts, t => t?.Contains("was disabled", StringComparison.Ordinal) == true);
        var kept = (await admin.Http.GetFromJsonAsync<ChatView>($"/api/v1/chats/{others.ChatId}"))!;
        Assert.Equal("active", kept.State);
        Assert.Equal([(other.Id, "owner")], kept.Participants.Where(p => p.LeftAt is null).Select(p => (p.Id, p.Role)));
        Assert.Contains(kept.Participants, p => p.Id == leaving.Id && p.Role == "invited" && p.LeftAt is not null);
        await fixture.PollUntilAsync(others.Conversation, others.Token, a => a.TryGetProperty("text", out var t) && t.GetString() == $"{me.Name} left the chat.");
        var history = (await admin.Http.GetFromJsonAsync<List<ChatView>>($"/api/v1/chats?view=recent&departmentId={department}"))!;
        Assert.Contains(Assert.Single(history).Participants, p => p.Id == leaving.Id && p.Role == "owner");
    }

    [Fact]
    public async Task AChatOfferedToADisabledOperatorIsOfferedToTheNextAtOnce()
    {
        var admin = await fixture.App.AdminAsync();
        var department = await admin.DepartmentAsync($"Offers {Guid.NewGuid():N}");
        (await admin.Http.PutAsJsonAsync($"/api/v1/departments/{department}/routing", new { mode = "roundRobin" })).EnsureSuccessStatusCode();
        var leaving = await fixture.App.OnlineAsync(admin, "agent", department);
        await using var leavingStream = await EventStream.OpenAsync(leaving.Http);
        var chat = await CustomerAsync(department, "Is anyone there?");
        await leavingStream.NextAsync("chat.offered", data => data.GetProperty("chatId").GetString() == chat.ChatId);
        var colleague = await fixture.App.OnlineAsync(admin, "agent", department);
        await using var stream = await EventStream.OpenAsync(colleague.Http);
        var me = (await leaving.Http.GetFromJsonAsync<OperatorView>("/api/v1/operators/me"))!;

        (await admin.Http.PutAsJsonAsync($"/api/v1/operators/{leaving.Id}", new { me.Name, me.Email, me.Role, disabled = true })).EnsureSuccessStatusCode();

        // Well within the 30-second offer time: the offer was withdrawn, not left to run out.
        var offered = await stream.NextAsync("chat.offered", data => data.GetProperty("chatId").GetString() == chat.ChatId, TimeSpan.FromSeconds(10));
        Assert.Equal(colleague.Id, offered.GetProperty("operatorId").GetString());
    }

    private async Task<(string ChatId, string Conversation, string Token)> CustomerAsync(string department, string text)
    {
        var (conversation, token, _) = await fixture.StartAsync();
        await fixture.PostAsync(conversation, token, new
        {
            type = "message",
            from = new { id = "r_user1" },
            text,
            channelData = new { visitor = new { departmentId = department } },
        });
        return (await fixture.ChatIdAsync(conversation), conversation, token);
    }
}
