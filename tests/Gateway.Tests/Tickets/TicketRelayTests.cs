using System.Globalization;
using LiveChat.Gateway.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace LiveChat.Gateway.Tests.Tickets;

public sealed class TicketRelayTestsOnPostgres() : TicketRelayTests(DatabaseKind.Postgres);

public sealed class TicketRelayTestsOnSqlite() : TicketRelayTests(DatabaseKind.Sqlite)
{
    [Fact]
    public async Task OnSqliteARequestWhoseJobWasLostWithTheProcessIsHandedAgainAtStartWithoutASecondTicket()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        await using var zendesk = await FakeZendesk.StartAsync();
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        var settings = ZendeskTicketsFixture.ZendeskSettings(zendesk);
        var conversation = TicketScenario.NewConversation("Can I change my plan?");
        var first = new GatewayApp(database, settings, clock);
        var chatId = await first.OpenChatAsync(conversation);
        zendesk.CreateThen(chatId, answer => answer with { Delay = TimeSpan.FromMinutes(5) });
        await first.EndChatAsync(chatId, conversation);
        await zendesk.WaitForTicketAsync(chatId);
        await first.DisposeAsync();

        // The in-memory job went with the process; the row still names it and holds the dead run's lease.
        clock.Advance(TimeSpan.FromSeconds(61));
        await using var second = new GatewayApp(database, settings, clock);
        var admin = await second.AdminAsync();

        var ticket = await admin.WaitForTicketAsync(chatId, "created");
        Assert.Equal(Assert.Single(zendesk.TicketsFor(chatId)).Id.ToString(CultureInfo.InvariantCulture), ticket.GetProperty("externalId").GetString());
        Assert.Single(zendesk.CreatesFor(chatId));
        Assert.Single(zendesk.LookupsFor(chatId));
        Assert.Equal(2, ticket.GetProperty("attempts").GetInt32());
    }
}

/// <summary>The relay hands every committed request to Hangfire, also those whose hand-over never happened or whose job was lost.</summary>
public abstract class TicketRelayTests(DatabaseKind kind)
{
    [Fact]
    public async Task ARequestCommittedWithoutAHandOverIsHandedOnTheNextPoll()
    {
        await using var database = await TestDatabase.CreateAsync(kind);
        await using var zendesk = await FakeZendesk.StartAsync();
        await using var node = new GatewayApp(database, ZendeskTicketsFixture.ZendeskSettings(zendesk));
        var admin = await node.AdminAsync();
        var chatId = await node.OpenChatAsync(TicketScenario.NewConversation("Did my order ship?"));

        // As a node that died between the commit and waking its relay leaves it: a pending row, no job, no wake.
        var now = node.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        await using (var connection = await database.OpenAsync())
        {
            await connection.ExecuteAsync(
                "INSERT INTO ticket_requests (id, chat_id, kind, state, attempts, next_attempt_at, created_at, updated_at) VALUES ('tkt_unhanded', @chatId, 'transcript', 'pending', 0, @now, @now, @now)",
                new { chatId, now });
        }

        var ticket = await admin.WaitForTicketAsync(chatId, "created");
        Assert.Equal(Assert.Single(zendesk.TicketsFor(chatId)).Id.ToString(CultureInfo.InvariantCulture), ticket.GetProperty("externalId").GetString());
        await using var check = await database.OpenAsync();
        Assert.NotNull(await check.ExecuteScalarAsync<string>("SELECT job_id FROM ticket_requests WHERE id = 'tkt_unhanded'"));
    }
}
