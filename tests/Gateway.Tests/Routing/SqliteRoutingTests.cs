using LiveChat.Channels.Inbox;
using LiveChat.Gateway.Routing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace LiveChat.Gateway.Tests.Routing;

public sealed class SqliteRoutingTests
{
    [Fact]
    public async Task TheEmbeddedSetupPicksUpEndsAfterSilenceAndMissesChats()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        await using var app = new GatewayApp(database, new Dictionary<string, string?> { ["Routing:SweepIntervalMilliseconds"] = "60000" }, clock);
        var admin = await app.AdminAsync();
        var department = await admin.DepartmentAsync("Embedded");
        var agent = await app.OnlineAsync(admin, "agent", department);
        await app.Inbox.IngestAsync(InboundBatch.Of(Seed.CustomerText("webchat", "embedded-1", "Hi", departmentId: department)), CancellationToken.None);
        await app.Inbox.IngestAsync(InboundBatch.Of(Seed.CustomerText("webchat", "embedded-2", "Hello?", departmentId: department)), CancellationToken.None);
        var queued = await agent.Http.GetFromJsonAsync<JsonElement>("/api/v1/chats?view=queued");
        var ids = queued.EnumerateArray().Select(c => c.GetProperty("id").GetString()!).ToList();
        var sweeper = app.Services.GetRequiredService<ChatSweeper>();

        Assert.Equal(HttpStatusCode.OK, (await agent.PostAsync($"/api/v1/chats/{ids[0]}/pickup")).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await agent.PostAsync($"/api/v1/chats/{ids[0]}/pickup")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await agent.PostAsync($"/api/v1/chats/{ids[0]}/end", new { afterSeconds = 30 })).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await agent.PostAsync($"/api/v1/chats/{ids[0]}/invite", new { operatorId = (await app.OnlineAsync(admin, "agent", department)).Id })).StatusCode);
        clock.Advance(TimeSpan.FromSeconds(121));
        var swept = await sweeper.SweepAsync(CancellationToken.None);

        // The pending invitation is cancelled with the chat it was for, so there is nothing left to expire.
        Assert.Equal((1, 1, 0), (swept.Ended, swept.Missed, swept.RequestsExpired));
        Assert.Equal("ended", (await agent.ChatAsync(ids[0])).GetProperty("state").GetString());
        Assert.Equal("missed", (await agent.ChatAsync(ids[1])).GetProperty("state").GetString());
        Assert.Equal(0, (await sweeper.SweepAsync(CancellationToken.None)).Total);
    }
}
