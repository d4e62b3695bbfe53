using LiveChat.Gateway.Tests.DirectLine;
using Microsoft.Playwright;

namespace LiveChat.Gateway.Tests.OperatorConsole;

/// <summary>The customer on the other side of the console tests: a Direct Line client, as the web widget is.</summary>
public static class WebCustomer
{
    /// <summary>A customer starts a conversation and writes their first message, into <paramref name="department"/>.</summary>
    public static async Task<(string ConversationId, string Token)> WritesAsync(this DirectLineFixture fixture, string? department, string name, string text)
    {
        var (conversationId, token, _) = await fixture.StartAsync(name);
        await fixture.PostAsync(conversationId, token, new
        {
            type = "message",
            from = new { id = "r_user1", name },
            text,
            channelData = new { visitor = new { departmentId = department } },
        });
        return (conversationId, token);
    }

    /// <summary>The customer writes again in their conversation.</summary>
    public static Task<string> WritesAgainAsync(this DirectLineFixture fixture, string conversationId, string token, string text) =>
        fixture.PostAsync(conversationId, token, new { type = "message", from = new { id = "r_user1" }, text });

    /// <summary>The customer closes the widget (the conversation ends from their side).</summary>
    public static Task<string> LeavesAsync(this DirectLineFixture fixture, string conversationId, string token) =>
        fixture.PostAsync(conversationId, token, new { type = "endOfConversation", from = new { id = "r_user1" } });

    public static string? Text(JsonElement activity) => activity.TryGetProperty("text", out var t) ? t.GetString() : null;

    /// <summary>The name the seed gives an operator of <paramref name="role"/> (see Seed.OperatorAsync).</summary>
    public static string Name(string email, string role = "agent") => $"{role} {email[..12]}";
}

/// <summary>An operator signed in to the console in their own browser context.</summary>
public sealed record ConsoleOperator(string Id, string Email, string Password, string Name, IPage Page);

public static class ConsoleOperators
{
    /// <summary>A new department with two agents in it, each signed in to the console and online: (department, anna, ben).</summary>
    public static async Task<(string Department, ConsoleOperator Anna, ConsoleOperator Ben)> TwoAgentsOnlineAsync(this ConsoleBrowser browser, GatewayApp app, string purpose)
    {
        var admin = await app.AdminAsync();
        var department = await admin.DepartmentAsync($"{purpose} {Guid.NewGuid():N}");
        return (department, await browser.AgentOnlineAsync(admin, department), await browser.AgentOnlineAsync(admin, department));
    }

    public static async Task<ConsoleOperator> AgentOnlineAsync(this ConsoleBrowser browser, OperatorClient admin, string department)
    {
        var account = await admin.OperatorAsync("agent", department);
        var page = await browser.SignInAsync(account.Email, account.Password);
        await ConsoleBrowser.GoOnlineAsync(page);
        return new ConsoleOperator(account.Id, account.Email, account.Password, WebCustomer.Name(account.Email), page);
    }

    /// <summary>Picks up the chat from its incoming-chat alert.</summary>
    public static Task PickUpFromAlertAsync(this IPage page, string visitorName) =>
        page.GetByRole(AriaRole.Alertdialog, new() { Name = $"Incoming chat: {visitorName}" }).GetByRole(AriaRole.Button, new() { Name = "Pick up" }).ClickAsync();
}
