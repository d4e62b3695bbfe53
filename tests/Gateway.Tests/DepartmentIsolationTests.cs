using LiveChat.Channels.Inbox;
using LiveChat.Gateway.Tests.Routing;

namespace LiveChat.Gateway.Tests;

/// <summary>An agent sees and touches only their departments' chats, whichever route they try (issue 16, items 7 and 9).</summary>
public sealed class DepartmentIsolationTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task VisitorPanelShowsAnAgentOnlyTheirDepartmentsChatsAndTickets()
    {
        var admin = await fixture.App.AdminAsync();
        var billing = await admin.DepartmentAsync($"Billing {Guid.NewGuid():N}");
        var sales = await admin.DepartmentAsync($"Sales {Guid.NewGuid():N}");
        var salesAgent = await fixture.App.OnlineAsync(admin, "agent", sales);
        var billingSupervisor = await fixture.App.OnlineAsync(admin, "supervisor", billing);
        var key = $"4917{Random.Shared.Next(1_000_000, 9_999_999)}";
        await Ingest(Seed.CustomerText("whatsapp", key, "Why was I charged twice?", departmentId: billing));
        var billingChat = await admin.ChatIdAsync("whatsapp", key);
        (await billingSupervisor.Http.PostAsync($"/api/v1/chats/{billingChat}/pickup", null)).EnsureSuccessStatusCode();
        (await billingSupervisor.Http.PostAsJsonAsync($"/api/v1/chats/{billingChat}/end", new { afterSeconds = 0 })).EnsureSuccessStatusCode();
        await Ingest(Seed.CustomerText("whatsapp", key, "And do you ship to Austria?", departmentId: sales));
        var salesChat = await admin.ChatIdAsync("whatsapp", key);
        var visitorId = (await admin.Http.GetFromJsonAsync<JsonElement>($"/api/v1/chats/{salesChat}")).GetProperty("visitor").GetProperty("id").GetString();

        var asAgent = await salesAgent.Http.GetFromJsonAsync<JsonElement>($"/api/v1/visitors/{visitorId}");
        var asAdmin = await admin.Http.GetFromJsonAsync<JsonElement>($"/api/v1/visitors/{visitorId}");

        Assert.Equal([salesChat], asAgent.GetProperty("recentChats").EnumerateArray().Select(c => c.GetProperty("id").GetString()));
        Assert.Equal(0, asAgent.GetProperty("recentTickets").GetArrayLength());
        Assert.Equal(2, asAdmin.GetProperty("recentChats").GetArrayLength());
        Assert.Equal(billingChat, Assert.Single(asAdmin.GetProperty("recentTickets").EnumerateArray()).GetProperty("chatId").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await salesAgent.Http.GetAsync($"/api/v1/chats/{billingChat}")).StatusCode);
    }

    [Fact]
    public async Task AgentOfAnotherDepartmentIsForbiddenToReplyTypeOrLeaveAsToRead()
    {
        var admin = await fixture.App.AdminAsync();
        var billing = await admin.DepartmentAsync($"Billing {Guid.NewGuid():N}");
        var sales = await admin.DepartmentAsync($"Sales {Guid.NewGuid():N}");
        var billingAgent = await fixture.App.OnlineAsync(admin, "agent", billing);
        var salesAgent = await fixture.App.OnlineAsync(admin, "agent", sales);
        var otherSalesAgent = await fixture.App.OnlineAsync(admin, "agent", sales);
        var key = $"4918{Random.Shared.Next(1_000_000, 9_999_999)}";
        await Ingest(Seed.CustomerText("whatsapp", key, "Do you ship to Austria?", departmentId: sales));
        var chat = await admin.ChatIdAsync("whatsapp", key);
        (await salesAgent.Http.PostAsync($"/api/v1/chats/{chat}/pickup", null)).EnsureSuccessStatusCode();

        var read = await billingAgent.Http.GetAsync($"/api/v1/chats/{chat}");
        var reply = await billingAgent.Http.PostAsJsonAsync($"/api/v1/chats/{chat}/messages", new { text = "hello" });
        var typing = await billingAgent.Http.PostAsync($"/api/v1/chats/{chat}/typing", null);
        var leave = await billingAgent.Http.PostAsync($"/api/v1/chats/{chat}/leave", null);

        var expected = await DetailAsync(read);
        Assert.Equal(HttpStatusCode.Forbidden, read.StatusCode);
        foreach (var response in new[] { reply, typing, leave })
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Equal(expected, await DetailAsync(response));
        }

        // A colleague of the same department who is not in the chat may pick it up: that stays a conflict, not a refusal.
        Assert.Equal(HttpStatusCode.Conflict, (await otherSalesAgent.Http.PostAsJsonAsync($"/api/v1/chats/{chat}/messages", new { text = "hello" })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await otherSalesAgent.Http.PostAsync($"/api/v1/chats/{chat}/leave", null)).StatusCode);
    }

    private static async Task<string?> DetailAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString();

    private Task Ingest(params InboundItem[] items) => fixture.App.Inbox.IngestAsync(new InboundBatch(items, []), CancellationToken.None);
}
