using Microsoft.Extensions.DependencyInjection;
using LiveChat.Gateway.Storage;

namespace LiveChat.Gateway.Tests.Routing;

public sealed class ClusterSweepTests(RoutingFixture fixture) : IClassFixture<RoutingFixture>
{
    private static readonly Dictionary<string, string?> s_slowSweeps = new() { ["Routing:SweepIntervalMilliseconds"] = "60000" };

    [Fact]
    public async Task TwoNodesSweepingAtOnceEndAChatOnlyOnce()
    {
        await using var second = new GatewayApp(fixture.Database.ConnectionString, s_slowSweeps, fixture.Clock);
        _ = second.BaseAddress;
        var chatIds = new List<string>();
        var admin = await fixture.App.AdminAsync();
        var department = await admin.DepartmentAsync($"Cluster {Guid.NewGuid():N}");
        var agent = await fixture.App.OnlineAsync(admin, "supervisor", department);
        for (var i = 0; i < 3; i++)
        {
            var chatId = await fixture.QueueChatAsync(department);
            (await agent.PostAsync($"/api/v1/chats/{chatId}/pickup")).EnsureSuccessStatusCode();
            (await agent.PostAsync($"/api/v1/chats/{chatId}/end", new { afterSeconds = 30 })).EnsureSuccessStatusCode();
            chatIds.Add(chatId);
        }

        fixture.Clock.Advance(TimeSpan.FromSeconds(31));
        var sweeps = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => fixture.SweepAsync(i % 2 == 0 ? fixture.App : second)));

        // A node's timer loop may have swept too; what counts is that each chat ended exactly once.
        Assert.InRange(sweeps.Sum(s => s.Ended), 0, 3);
        foreach (var chatId in chatIds)
        {
            Assert.Equal("ended", await fixture.ScalarAsync<string>("SELECT state FROM chats WHERE id = @chatId", new { chatId }));
            Assert.Equal(1, await fixture.ScalarAsync<long>("SELECT COUNT(*) FROM events WHERE chat_id = @chatId AND type = 'chat.ended'", new { chatId }));
            Assert.Equal(1, await fixture.ScalarAsync<long>("SELECT COUNT(*) FROM chat_history WHERE chat_id = @chatId AND action = 'ended'", new { chatId }));
            Assert.Equal(1, await fixture.ScalarAsync<long>("SELECT COUNT(*) FROM messages WHERE chat_id = @chatId AND text = 'The chat has ended. Thank you for contacting us.'", new { chatId }));
        }
    }

    [Fact]
    public async Task ADeadlineThatPassedWhileNoNodeRanIsHonouredByTheNextNode()
    {
        var admin = await fixture.App.AdminAsync();
        var department = await admin.DepartmentAsync($"Crash {Guid.NewGuid():N}");
        string chatId;
        var crashed = new GatewayApp(fixture.Database.ConnectionString, s_slowSweeps, fixture.Clock);
        await using (crashed)
        {
            var agent = await crashed.OnlineAsync(await crashed.AdminAsync(), "agent", department);
            await crashed.Inbox.IngestAsync(LiveChat.Channels.Inbox.InboundBatch.Of(Seed.CustomerText("whatsapp", "4911122233", "Hello?", departmentId: department)), CancellationToken.None);
            chatId = (await fixture.ScalarAsync<string>("SELECT id FROM chats WHERE conversation_key = '4911122233'"))!;
            (await agent.PostAsync($"/api/v1/chats/{chatId}/pickup")).EnsureSuccessStatusCode();
            (await agent.PostAsync($"/api/v1/chats/{chatId}/end", new { afterSeconds = 45 })).EnsureSuccessStatusCode();
        }

        // The node is gone and nothing swept while the deadline passed.
        fixture.Clock.Advance(TimeSpan.FromMinutes(10));
        await using var survivor = new GatewayApp(fixture.Database.ConnectionString, s_slowSweeps, fixture.Clock);
        _ = survivor.BaseAddress;

        await fixture.SweepAsync(survivor);

        Assert.Equal("ended", await fixture.ScalarAsync<string>("SELECT state FROM chats WHERE id = @chatId", new { chatId }));
        Assert.Equal("inactivity", await fixture.ScalarAsync<string>("SELECT end_reason FROM chats WHERE id = @chatId", new { chatId }));
    }

    [Fact]
    public async Task TheTimerLoopRunsTheSweepOnItsOwn()
    {
        // A database of its own: every node sweeps, and this test wants only its own node's clock.
        await using var database = await TestDatabase.CreateAsync();
        var clock = new ManualTimeProvider(fixture.Clock.GetUtcNow());
        await using var node = new GatewayApp(database.ConnectionString, new Dictionary<string, string?> { ["Routing:SweepIntervalMilliseconds"] = "200" }, clock);
        var admin = await node.AdminAsync();
        var department = await admin.DepartmentAsync($"Loop {Guid.NewGuid():N}");
        await node.Inbox.IngestAsync(LiveChat.Channels.Inbox.InboundBatch.Of(Seed.CustomerText("whatsapp", "4933344455", "Anyone?", departmentId: department)), CancellationToken.None);
        await using var connection = await database.OpenAsync();
        var chatId = (await connection.ExecuteScalarAsync<string>("SELECT id FROM chats WHERE conversation_key = '4933344455' AND ended_at IS NULL"))!;

        clock.Advance(TimeSpan.FromSeconds(121));

        var state = await Eventually.Until(
            "the node's own timer loop to sweep the chat",
            () => connection.ExecuteScalarAsync<string>("SELECT state FROM chats WHERE id = @chatId", new { chatId }),
            s => s != "queued",
            TimeSpan.FromSeconds(30));

        Assert.Equal("missed", state);
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM information_schema.tables WHERE table_name LIKE 'qrtz%'"));
    }

    [Fact]
    public async Task ASweepSkipsAChatAnotherNodeHoldsAndEndsItOnceReleased()
    {
        var admin = await fixture.App.AdminAsync();
        var department = await admin.DepartmentAsync($"Locked {Guid.NewGuid():N}");
        var agent = await fixture.App.OnlineAsync(admin, "supervisor", department);
        var chatId = await fixture.QueueChatAsync(department);
        (await agent.PostAsync($"/api/v1/chats/{chatId}/pickup")).EnsureSuccessStatusCode();
        (await agent.PostAsync($"/api/v1/chats/{chatId}/end", new { afterSeconds = 30 })).EnsureSuccessStatusCode();
        fixture.Clock.Advance(TimeSpan.FromSeconds(31));

        var db = fixture.App.Services.GetRequiredService<Db>();
        await using (var other = await db.BeginAsync(CancellationToken.None))
        {
            Assert.Equal(chatId, await other.ScalarAsync<string>("SELECT id FROM chats WHERE id = @chatId FOR UPDATE", new { chatId }));
            // Without SKIP LOCKED the sweep would wait on the lock and time out here.
            await fixture.SweepAsync().WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal("ending", await fixture.ScalarAsync<string>("SELECT state FROM chats WHERE id = @chatId", new { chatId }));
        }

        Assert.InRange((await fixture.SweepAsync()).Ended, 1, int.MaxValue);
        Assert.Equal("ended", await fixture.ScalarAsync<string>("SELECT state FROM chats WHERE id = @chatId", new { chatId }));
    }
}
