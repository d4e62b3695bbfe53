namespace LiveChat.Gateway.Tests.Routing;

public sealed class OfferTestsOnPostgres(RoutingFixture fixture) : OfferTests(fixture), IClassFixture<RoutingFixture>;

public sealed class OfferTestsOnSqlite(SqliteRoutingFixture fixture) : OfferTests(fixture), IClassFixture<SqliteRoutingFixture>;

public abstract class OfferTests(RoutingFixture fixture)
{
    [Fact]
    public async Task RoundRobinDepartmentOffersChatsAndPassesUnansweredOffersOn()
    {
        var admin = await fixture.App.AdminAsync();
        var department = await admin.DepartmentAsync($"Offers {Guid.NewGuid():N}");
        Assert.Equal(HttpStatusCode.OK, (await admin.Http.PutAsJsonAsync($"/api/v1/departments/{department}/routing", new { mode = "roundRobin" })).StatusCode);
        var anna = await fixture.App.OnlineAsync(admin, "agent", department);
        var ben = await fixture.App.OnlineAsync(admin, "agent", department);
        await using var annaStream = await EventStream.OpenAsync(anna.Http);
        await using var benStream = await EventStream.OpenAsync(ben.Http);
        var first = await fixture.QueueChatAsync(department);
        var second = await fixture.QueueChatAsync(department);

        await fixture.SweepAsync();

        var toAnna = (await annaStream.NextAsync("chat.offered")).Data().GetProperty("chatId").GetString();
        var toBen = (await benStream.NextAsync("chat.offered")).Data().GetProperty("chatId").GetString();
        Assert.Equal([first, second], new[] { toAnna, toBen }.Order());
        var annasChat = toAnna!;
        var bensChat = toBen!;

        // Anna takes hers; Ben lets his offer run out, and nobody else is free: it comes back to him after the round.
        Assert.Equal(HttpStatusCode.OK, (await anna.PostAsync($"/api/v1/chats/{annasChat}/pickup")).StatusCode);
        fixture.Clock.Advance(TimeSpan.FromSeconds(31));
        await fixture.SweepAsync();

        Assert.Equal(bensChat, (await annaStream.NextAsync("chat.offered")).Data().GetProperty("chatId").GetString());
        Assert.Equal(bensChat, (await benStream.NextAsync("chat.offer.expired")).Data().GetProperty("chatId").GetString());
        Assert.Equal(HttpStatusCode.NoContent, (await anna.PostAsync($"/api/v1/chats/{bensChat}/offer/decline")).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await anna.PostAsync($"/api/v1/chats/{bensChat}/offer/decline")).StatusCode);
        await fixture.SweepAsync();
        Assert.Equal(bensChat, (await benStream.NextAsync("chat.offered")).Data().GetProperty("chatId").GetString());
    }

    [Fact]
    public async Task OnlyAdminsSetTheRoutingModeAndOnlyToAKnownOne()
    {
        var admin = await fixture.App.AdminAsync();
        var department = await admin.DepartmentAsync($"Modes {Guid.NewGuid():N}");
        var agent = await fixture.App.OnlineAsync(admin, "supervisor", department);

        var bySupervisor = await agent.Http.PutAsJsonAsync($"/api/v1/departments/{department}/routing", new { mode = "leastLoaded" });
        var unknown = await admin.Http.PutAsJsonAsync($"/api/v1/departments/{department}/routing", new { mode = "random" });
        var missing = await admin.Http.PutAsJsonAsync("/api/v1/departments/dep_nope/routing", new { mode = "leastLoaded" });

        Assert.Equal(HttpStatusCode.Forbidden, bySupervisor.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("pickup", (await agent.Http.GetFromJsonAsync<JsonElement>($"/api/v1/departments/{department}/routing")).GetProperty("mode").GetString());
    }
}
