using System.Globalization;
using Microsoft.Data.Sqlite;

namespace LiveChat.Gateway.Tests.Tickets;

/// <summary>The embedded SQLite store runs the same queue (one node, no SKIP LOCKED).</summary>
public sealed class SqliteTicketTests
{
    [Fact]
    public async Task OnSqliteALostResponseStillEndsAsOneCreatedTicket()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        await using var zendesk = await FakeZendesk.StartAsync();
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        await using var app = new GatewayApp(database, ZendeskTicketsFixture.ZendeskSettings(zendesk), clock);
        var admin = await app.AdminAsync();
        var conversation = TicketScenario.NewConversation("Can I pay by invoice?");
        var chatId = await app.OpenChatAsync(conversation);
        zendesk.CreateThen(chatId, answer => answer with { DropConnection = true });

        await app.EndChatAsync(chatId, conversation);
        await admin.WaitForTicketAsync(chatId, "pending", t => t.GetProperty("attempts").GetInt32() == 1 && t.TryGetProperty("lastError", out _));
        clock.Advance(TimeSpan.FromMinutes(1));
        app.WakeTickets();

        var ticket = await admin.WaitForTicketAsync(chatId, "created");
        Assert.Equal(Assert.Single(zendesk.TicketsFor(chatId)).Id.ToString(CultureInfo.InvariantCulture), ticket.GetProperty("externalId").GetString());
        Assert.Single(zendesk.CreatesFor(chatId));
        Assert.Single(zendesk.LookupsFor(chatId));
    }
}
