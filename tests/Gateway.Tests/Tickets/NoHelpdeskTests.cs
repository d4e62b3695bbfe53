using LiveChat.Gateway.Tickets;

namespace LiveChat.Gateway.Tests.Tickets;

public sealed class NoHelpdeskTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task WithoutAProviderTheRequestStaysPendingAndSaysWhy()
    {
        var admin = await fixture.App.AdminAsync();

        var chatId = await fixture.App.EndedChatAsync(TicketScenario.NewConversation("Hello? Anyone?"));
        await fixture.App.Dispatcher().DispatchDueAsync(CancellationToken.None);
        await fixture.App.Dispatcher().DispatchDueAsync(CancellationToken.None);

        var ticket = await admin.TicketOfAsync(chatId);
        Assert.Equal("pending", ticket.GetProperty("state").GetString());
        Assert.Equal(TicketDispatcher.NoHelpdesk, ticket.GetProperty("lastError").GetString());
        Assert.Equal(0, ticket.GetProperty("attempts").GetInt32());
        var chat = await admin.Http.GetFromJsonAsync<JsonElement>($"/api/v1/chats/{chatId}");
        Assert.Equal("No helpdesk is configured (Tickets:Provider is empty).", chat.GetProperty("ticket").GetProperty("lastError").GetString());
    }
}
