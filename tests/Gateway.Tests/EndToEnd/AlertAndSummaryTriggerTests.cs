using LiveChat.Gateway.Tests.Routing;

namespace LiveChat.Gateway.Tests.EndToEnd;

public sealed class AlertAndSummaryTriggerTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task IncomingChatRingsOnlyOnlineOperatorsWithTheirRingerOn()
    {
        var admin = await fixture.App.AdminAsync();
        var sales = await admin.DepartmentAsync($"Sales {Guid.NewGuid():N}");
        var ringing = await fixture.App.OnlineAsync(admin, "agent", sales);
        var muted = await fixture.App.OnlineAsync(admin, "agent", sales);
        (await muted.Http.PutAsJsonAsync("/api/v1/operators/me/status", new { status = "online", ringer = false })).EnsureSuccessStatusCode();
        var away = await fixture.App.OfflineAsync(admin, "agent", sales);
        await using var ringingEvents = await EventStream.OpenAsync(ringing.Http);
        await using var mutedEvents = await EventStream.OpenAsync(muted.Http);
        await using var awayEvents = await EventStream.OpenAsync(away.Http);

        var chatId = await fixture.QueueChatAsync(sales, "Do you have this in size 42?");

        var alert = JsonDocument.Parse((await ringingEvents.NextAsync("chat.alert")).Data).RootElement;
        Assert.Equal(chatId, alert.GetProperty("chatId").GetString());
        Assert.Equal(sales, alert.GetProperty("departmentId").GetString());
        Assert.Equal("Do you have this in size 42?", alert.GetProperty("data").GetProperty("question").GetString());
        // The alert is written with the chat; a later chat in the department is the marker that the streams moved past it.
        var marker = await fixture.QueueChatAsync(sales, "Marker");
        Assert.DoesNotContain(await mutedEvents.UntilAsync("chat.queued", data => data.GetProperty("chatId").GetString() == marker), e => e.EventType == "chat.alert");
        Assert.DoesNotContain(await awayEvents.UntilAsync("chat.queued", data => data.GetProperty("chatId").GetString() == marker), e => e.EventType == "chat.alert");
    }

    [Fact]
    public async Task InvitedOperatorReceivesASummaryInTheirLanguage()
    {
        var admin = await fixture.App.AdminAsync();
        var support = await admin.DepartmentAsync($"Support {Guid.NewGuid():N}");
        var owner = await fixture.App.OnlineAsync(admin, "agent", support);
        var guest = await fixture.App.OnlineAsync(admin, "agent", support);
        await SetLanguageAsync(admin, guest.Id, "fr");
        var chatId = await fixture.QueueChatAsync(support, "Ma commande 815 est en retard.");
        Assert.Equal(HttpStatusCode.OK, (await owner.PostAsync($"/api/v1/chats/{chatId}/pickup")).StatusCode);
        await using var guestEvents = await EventStream.OpenAsync(guest.Http);

        Assert.Equal(HttpStatusCode.Accepted, (await owner.PostAsync($"/api/v1/chats/{chatId}/invite", new { operatorId = guest.Id })).StatusCode);

        var summary = JsonDocument.Parse((await guestEvents.NextAsync("chat.summary")).Data).RootElement.GetProperty("data");
        Assert.Equal("invite", summary.GetProperty("trigger").GetString());
        Assert.Equal("fr", summary.GetProperty("language").GetString());
        Assert.Contains("815", summary.GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReassignedOperatorReceivesASummaryAndSeesItOnTheChat()
    {
        var admin = await fixture.App.AdminAsync();
        var support = await admin.DepartmentAsync($"Support {Guid.NewGuid():N}");
        var supervisor = await fixture.App.OnlineAsync(admin, "supervisor", support);
        var first = await fixture.App.OnlineAsync(admin, "agent", support);
        var second = await fixture.App.OnlineAsync(admin, "agent", support);
        await SetLanguageAsync(admin, second.Id, "es");
        var chatId = await fixture.QueueChatAsync(support, "Mi pedido 902 no ha llegado.");
        Assert.Equal(HttpStatusCode.OK, (await first.PostAsync($"/api/v1/chats/{chatId}/pickup")).StatusCode);
        await using var secondEvents = await EventStream.OpenAsync(second.Http);

        Assert.Equal(HttpStatusCode.OK, (await supervisor.PostAsync($"/api/v1/chats/{chatId}/reassign", new { operatorId = second.Id })).StatusCode);

        var summary = JsonDocument.Parse((await secondEvents.NextAsync("chat.summary")).Data).RootElement.GetProperty("data");
        Assert.Equal("reassign", summary.GetProperty("trigger").GetString());
        Assert.Contains("Pregunta", summary.GetProperty("text").GetString(), StringComparison.Ordinal);
        var chat = await second.ChatAsync(chatId);
        Assert.Equal(summary.GetProperty("text").GetString(), chat.GetProperty("summary").GetProperty("text").GetString());
    }

    private static async Task SetLanguageAsync(OperatorClient admin, string operatorId, string language)
    {
        var current = (await admin.Http.GetFromJsonAsync<JsonElement>("/api/v1/operators")).EnumerateArray().Single(o => o.GetProperty("id").GetString() == operatorId);
        (await admin.Http.PutAsJsonAsync($"/api/v1/operators/{operatorId}", new
        {
            name = current.GetProperty("name").GetString(),
            email = current.GetProperty("email").GetString(),
            role = current.GetProperty("role").GetString(),
            language,
        })).EnsureSuccessStatusCode();
    }
}
