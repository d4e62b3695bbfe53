using System.Globalization;

namespace LiveChat.Gateway.Tests.Tickets;

/// <summary>Several gateway nodes on one database, as a cluster runs: a node dying mid-send, nodes racing for the queue.</summary>
public sealed class TicketClusterTests
{
    [Fact]
    public async Task NodeKilledMidSendIsTakenOverAfterItsLeaseWithoutASecondTicket()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var zendesk = await FakeZendesk.StartAsync();
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        var settings = ZendeskTicketsFixture.ZendeskSettings(zendesk);
        settings["Tickets:AttemptTimeoutSeconds"] = "30";
        var conversation = TicketScenario.NewConversation("My card was charged twice");
        var nodeA = new GatewayApp(database.ConnectionString, settings, clock);
        var chatId = await nodeA.OpenChatAsync(conversation);
        zendesk.CreateThen(chatId, answer => answer with { Delay = TimeSpan.FromMinutes(5) });

        await nodeA.EndChatAsync(chatId, conversation);
        var created = await zendesk.WaitForTicketAsync(chatId);
        await nodeA.DisposeAsync();

        await using (var connection = await database.OpenAsync())
        {
            var left = await connection.QuerySingleAsync<(string State, DateTime? LockedUntil)>(
                "SELECT state, locked_until FROM ticket_requests WHERE chat_id = @chatId", new { chatId });
            Assert.Equal("pending", left.State);
            Assert.NotNull(left.LockedUntil);
        }

        await using var nodeB = new GatewayApp(database.ConnectionString, settings, clock);
        var admin = await nodeB.AdminAsync();
        Assert.Equal("Scheduled", await nodeB.RunTicketJobAgainAsync(chatId));
        Assert.Equal(1, (await admin.TicketOfAsync(chatId)).GetProperty("attempts").GetInt32());
        clock.Advance(TimeSpan.FromSeconds(61));
        nodeB.WakeTickets();

        var ticket = await admin.WaitForTicketAsync(chatId, "created");
        Assert.Equal(created.Id.ToString(CultureInfo.InvariantCulture), ticket.GetProperty("externalId").GetString());
        Assert.Equal(2, ticket.GetProperty("attempts").GetInt32());
        Assert.Single(zendesk.CreatesFor(chatId));
        Assert.Single(zendesk.TicketsFor(chatId));
        Assert.Single(zendesk.LookupsFor(chatId));
    }

    [Fact]
    public async Task TwoNodesDispatchingOneQueueCreateEachTicketOnce()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var zendesk = await FakeZendesk.StartAsync();
        var settings = ZendeskTicketsFixture.ZendeskSettings(zendesk);
        await using var nodeA = new GatewayApp(database.ConnectionString, settings);
        await using var nodeB = new GatewayApp(database.ConnectionString, settings);
        var admin = await nodeA.AdminAsync();
        _ = nodeB.BaseAddress;
        var conversations = Enumerable.Range(0, 12).Select(i => TicketScenario.NewConversation($"Question number {i}")).ToList();
        var chatIds = new List<string>();
        foreach (var conversation in conversations)
        {
            var chatId = await nodeA.OpenChatAsync(conversation);
            zendesk.CreateThen(chatId, answer => answer with { Delay = TimeSpan.FromMilliseconds(40) });
            chatIds.Add(chatId);
        }

        await Task.WhenAll(conversations.Select((c, i) => nodeA.EndChatAsync(chatIds[i], c)));
        nodeB.WakeTickets();

        foreach (var chatId in chatIds)
        {
            var ticket = await admin.WaitForTicketAsync(chatId, "created");
            Assert.Equal(Assert.Single(zendesk.TicketsFor(chatId)).Id.ToString(CultureInfo.InvariantCulture), ticket.GetProperty("externalId").GetString());
            Assert.Single(zendesk.CreatesFor(chatId));
            Assert.Equal(1, ticket.GetProperty("attempts").GetInt32());
        }
    }
}
