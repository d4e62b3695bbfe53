using LiveChat.Channels.Inbox;
using LiveChat.Gateway.Tests.Routing;
using Microsoft.Data.Sqlite;

namespace LiveChat.Gateway.Tests.Admin;

/// <summary>
/// The admin settings' writes on the embedded database: the default moves between departments, a disabled operator goes
/// offline and their chats are handed on.
/// </summary>
public sealed class SqliteAdminTests
{
    [Fact]
    public async Task TheDefaultDepartmentMovesAndADisabledOperatorsChatsAreHandedOnOnSqlite()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        await using var app = new GatewayApp(database);
        var admin = await app.AdminAsync();
        var department = await admin.DepartmentAsync("Lite support");
        var agent = await admin.OperatorAsync("agent", department);
        var client = await app.SignInAsync(agent.Email, agent.Password);
        (await client.Http.PutAsJsonAsync("/api/v1/operators/me/status", new { status = "online" })).EnsureSuccessStatusCode();
        var colleague = await app.OnlineAsync(admin, "agent", department);
        await app.Inbox.IngestAsync(InboundBatch.Of(Seed.CustomerText("webchat", "lite-1", "Where is parcel XY-42?", departmentId: department)), CancellationToken.None);
        var owned = Assert.Single((await client.Http.GetFromJsonAsync<List<ChatView>>("/api/v1/chats?view=queued"))!).Id;
        (await client.PostAsync($"/api/v1/chats/{owned}/pickup")).EnsureSuccessStatusCode();
        await app.Inbox.IngestAsync(InboundBatch.Of(Seed.CustomerText("webchat", "lite-2", "Can I pay later?", departmentId: department)), CancellationToken.None);
        var invited = Assert.Single((await colleague.Http.GetFromJsonAsync<List<ChatView>>("/api/v1/chats?view=queued"))!).Id;
        (await colleague.PostAsync($"/api/v1/chats/{invited}/pickup")).EnsureSuccessStatusCode();
        (await colleague.PostAsync($"/api/v1/chats/{invited}/invite", new { operatorId = agent.Id })).EnsureSuccessStatusCode();
        (await client.PostAsync($"/api/v1/chats/{invited}/invite/accept")).EnsureSuccessStatusCode();

        var moved = await admin.Http.PutAsJsonAsync($"/api/v1/departments/{department}", new { name = "Lite help", isDefault = true });
        var disabled = await admin.Http.PutAsJsonAsync($"/api/v1/operators/{agent.Id}", new { name = "Lite agent", email = agent.Email, role = "agent", disabled = true });

        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        var departments = (await admin.Http.GetFromJsonAsync<List<DepartmentView>>("/api/v1/departments"))!;
        var chosen = Assert.Single(departments, d => d.IsDefault);
        Assert.Equal(("Lite help", department), (chosen.Name, chosen.Id));
        var view = (await disabled.Content.ReadFromJsonAsync<OperatorView>())!;
        Assert.Equal((true, "offline"), (view.Disabled, view.Status));
        Assert.Equal(owned, Assert.Single((await colleague.Http.GetFromJsonAsync<List<ChatView>>("/api/v1/chats?view=queued"))!).Id);
        Assert.Equal(HttpStatusCode.OK, (await colleague.PostAsync($"/api/v1/chats/{owned}/pickup")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await colleague.PostAsync($"/api/v1/chats/{owned}/messages", new { text = "Here it is." })).StatusCode);
        var left = (await colleague.ChatAsync(invited)).GetProperty("participants").EnumerateArray().Single(p => p.GetProperty("id").GetString() == agent.Id);
        Assert.NotEqual(JsonValueKind.Null, left.GetProperty("leftAt").ValueKind);
    }
}
