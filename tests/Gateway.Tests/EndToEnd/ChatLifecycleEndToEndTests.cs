using LiveChat.Gateway.Tests.Routing;
using LiveChat.Gateway.Tests.Tickets;

namespace LiveChat.Gateway.Tests.EndToEnd;

/// <summary>A chat's whole life through the public API, on the real clock and a helpdesk stub.</summary>
public sealed class ChatLifecycleEndToEndTests
{
    [Fact]
    public async Task QueuedChatIsPickedUpTransferredWithASummaryEndedAndTicketedOnce()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var zendesk = await FakeZendesk.StartAsync();
        await using var app = new GatewayApp(database.ConnectionString, ZendeskTicketsFixture.ZendeskSettings(zendesk));
        var admin = await app.AdminAsync();
        var support = await admin.DepartmentAsync("Support");
        var anna = await app.OnlineAsync(admin, "agent", support);
        var bruno = await app.OnlineAsync(admin, "agent", support);
        (await admin.Http.PutAsJsonAsync($"/api/v1/operators/{bruno.Id}", new { name = "Bruno", email = $"bruno-{Guid.NewGuid():N}@example.test", role = "agent", language = "de" })).EnsureSuccessStatusCode();
        await using var brunoEvents = await EventStream.OpenAsync(bruno.Http);

        await app.Inbox.IngestAsync(LiveChat.Channels.Inbox.InboundBatch.Of(
            Seed.CustomerText("webchat", "dl-lifecycle", "My order 4711 arrived broken.", departmentId: support, name: "Lena")), CancellationToken.None);
        var chatId = (await anna.Http.GetFromJsonAsync<JsonElement>($"/api/v1/chats?view=queued&departmentId={support}"))[0].GetProperty("id").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await anna.PostAsync($"/api/v1/chats/{chatId}/pickup")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await anna.Http.PostAsJsonAsync($"/api/v1/chats/{chatId}/messages", new { text = "Sorry! We will send a replacement for order 4711 today." })).StatusCode);

        var transfer = await anna.PostAsync($"/api/v1/chats/{chatId}/transfer", new { operatorId = bruno.Id, note = "Billing question next" });

        Assert.Equal(HttpStatusCode.Accepted, transfer.StatusCode);
        Assert.Equal(chatId, (await brunoEvents.NextAsync("chat.transfer.requested")).Data().GetProperty("request").GetProperty("chatId").GetString());
        var summary = JsonDocument.Parse((await brunoEvents.NextAsync("chat.summary")).Data).RootElement;
        Assert.Equal(bruno.Id, summary.GetProperty("operatorId").GetString());
        Assert.Equal("transfer", summary.GetProperty("data").GetProperty("trigger").GetString());
        Assert.Equal("de", summary.GetProperty("data").GetProperty("language").GetString());
        Assert.Contains("4711", summary.GetProperty("data").GetProperty("text").GetString(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, (await bruno.PostAsync($"/api/v1/chats/{chatId}/transfer/accept")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await bruno.PostAsync($"/api/v1/chats/{chatId}/end", new { afterSeconds = 0 })).StatusCode);

        var ticket = await zendesk.WaitForTicketAsync(chatId, TimeSpan.FromSeconds(30));
        Assert.Equal("My order 4711 arrived broken.", ticket.Subject);
        var comment = ticket.Body.GetProperty("comment").GetProperty("body").GetString()!;
        Assert.Contains("Sorry! We will send a replacement", comment, StringComparison.Ordinal);
        Assert.Contains("Frage", comment, StringComparison.Ordinal);
        Assert.DoesNotContain("You are next in the queue", comment, StringComparison.Ordinal);
        var chat = await admin.Http.GetFromJsonAsync<JsonElement>($"/api/v1/chats/{chatId}");
        Assert.Equal("ended", chat.GetProperty("state").GetString());
        Assert.Equal("end", (await LatestSummaryTriggerAsync(database, chatId)));
        await Eventually.Until(
            "the chat to show its ticket as created",
            () => admin.Http.GetFromJsonAsync<JsonElement>($"/api/v1/chats/{chatId}"),
            c => c.GetProperty("ticket").GetProperty("state").GetString() == "created",
            TimeSpan.FromSeconds(10));
        Assert.Single(zendesk.CreatesFor(chatId));
    }

    private static async Task<string?> LatestSummaryTriggerAsync(TestDatabase database, string chatId)
    {
        await using var connection = await database.OpenAsync();
        return await connection.ExecuteScalarAsync<string>("SELECT trigger FROM chat_summaries WHERE chat_id = @chatId ORDER BY id DESC LIMIT 1", new { chatId });
    }
}
