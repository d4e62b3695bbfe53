using LiveChat.Gateway.Storage;
using LiveChat.Gateway.Tickets;
using Microsoft.Extensions.DependencyInjection;

namespace LiveChat.Gateway.Tests.Tickets;

public sealed class NoHelpdeskTestsOnPostgres(GatewayFixture fixture) : NoHelpdeskTests(fixture), IClassFixture<GatewayFixture>;

public sealed class NoHelpdeskTestsOnSqlite(SqliteGatewayFixture fixture) : NoHelpdeskTests(fixture), IClassFixture<SqliteGatewayFixture>;

public abstract class NoHelpdeskTests(GatewayFixture fixture)
{
    [Fact]
    public async Task WithoutAProviderTheRequestStaysPendingAndSaysWhy()
    {
        var admin = await fixture.App.AdminAsync();

        var chatId = await fixture.App.EndedChatAsync(TicketScenario.NewConversation("Hello? Anyone?"));

        var ticket = await admin.WaitForTicketAsync(chatId, "pending", t => t.TryGetProperty("lastError", out _));
        Assert.Equal(TicketRelay.NoHelpdesk, ticket.GetProperty("lastError").GetString());
        await using var connection = await fixture.App.Services.GetRequiredService<Db>().OpenAsync(CancellationToken.None);
        Assert.Null(await connection.ExecuteScalarAsync<string>("SELECT job_id FROM ticket_requests WHERE chat_id = @chatId", new { chatId }));
        Assert.Equal(0, ticket.GetProperty("attempts").GetInt32());
        var chat = await admin.Http.GetFromJsonAsync<JsonElement>($"/api/v1/chats/{chatId}");
        Assert.Equal("No helpdesk is configured (Tickets:Provider is empty).", chat.GetProperty("ticket").GetProperty("lastError").GetString());
    }
}
