namespace LiveChat.Gateway.Tests.Admin;

/// <summary>The admin settings' API: departments, operators, the configuration overview, and who may use them.</summary>
public sealed class AdminApiTests(AdminFixture fixture) : IClassFixture<AdminFixture>
{
    [Fact]
    public async Task DepartmentsAreRenamedAndExactlyOneIsTheDefault()
    {
        var admin = await fixture.App.AdminAsync();
        var sales = await admin.DepartmentAsync($"Sales {Guid.NewGuid():N}");
        var returns = await admin.DepartmentAsync($"Returns {Guid.NewGuid():N}");
        var renamed = $"Returns and refunds {Guid.NewGuid():N}";

        var rename = await admin.Http.PutAsJsonAsync($"/api/v1/departments/{returns}", new { name = renamed });
        var makeDefault = await admin.Http.PutAsJsonAsync($"/api/v1/departments/{sales}", new { name = "Sales desk " + sales, isDefault = true });

        Assert.Equal(HttpStatusCode.OK, rename.StatusCode);
        Assert.Equal(renamed, (await rename.Content.ReadFromJsonAsync<DepartmentView>())!.Name);
        Assert.Equal(HttpStatusCode.OK, makeDefault.StatusCode);
        var departments = (await admin.Http.GetFromJsonAsync<List<DepartmentView>>("/api/v1/departments"))!;
        Assert.Equal(sales, Assert.Single(departments, d => d.IsDefault).Id);
        Assert.Contains(departments, d => d.Id == returns && d.Name == renamed);

        var undefault = await admin.Http.PutAsJsonAsync($"/api/v1/departments/{sales}", new { name = "Sales desk " + sales, isDefault = false });
        Assert.Equal(HttpStatusCode.Conflict, undefault.StatusCode);
        Assert.Contains("make another department the default", await Detail(undefault), StringComparison.Ordinal);
        var taken = await admin.Http.PutAsJsonAsync($"/api/v1/departments/{sales}", new { name = renamed.ToUpperInvariant() });
        Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);
        var empty = await admin.Http.PutAsJsonAsync($"/api/v1/departments/{sales}", new { name = "" });
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.True((await empty.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("name", out _));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.Http.PutAsJsonAsync("/api/v1/departments/dep_nothing", new { name = "X" })).StatusCode);
    }

    [Fact]
    public async Task AResetPasswordIsTheOnlyOneThatWorksAfterwards()
    {
        var admin = await fixture.App.AdminAsync();
        var agent = await admin.OperatorAsync("agent");
        var o = (await (await fixture.App.SignInAsync(agent.Email, agent.Password)).Http.GetFromJsonAsync<OperatorView>("/api/v1/operators/me"))!;

        var reset = await admin.Http.PutAsJsonAsync(
            $"/api/v1/operators/{agent.Id}", new { o.Name, o.Email, o.Role, o.DepartmentIds, o.MaxConcurrentChats, o.Language, password = "a-brand-new-password" });

        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        var old = await fixture.App.Anonymous().PostAsJsonAsync("/api/v1/auth/token", new { email = agent.Email, password = agent.Password });
        Assert.Equal(HttpStatusCode.Unauthorized, old.StatusCode);
        await fixture.App.SignInAsync(agent.Email, "a-brand-new-password");
    }

    [Fact]
    public async Task ADisabledOperatorGoesOfflineSoGetsNoChatsAndAnAdminCannotDisableThemselves()
    {
        var admin = await fixture.App.AdminAsync();
        var department = await admin.DepartmentAsync($"Disabled {Guid.NewGuid():N}");
        var agent = await admin.OperatorAsync("agent", department);
        var client = await fixture.App.SignInAsync(agent.Email, agent.Password);
        (await client.Http.PutAsJsonAsync("/api/v1/operators/me/status", new { status = "online" })).EnsureSuccessStatusCode();
        await using var stream = await EventStream.OpenAsync(admin.Http);

        var disabled = await admin.Http.PutAsJsonAsync($"/api/v1/operators/{agent.Id}", new { name = "Gone", email = agent.Email, role = "agent", disabled = true });

        var view = (await disabled.Content.ReadFromJsonAsync<OperatorView>())!;
        Assert.True(view.Disabled);
        Assert.Equal("offline", view.Status);
        Assert.Equal([department], view.DepartmentIds);
        // The stream may still carry the agent's own "online" from just before it opened: wait for the one disabling sent.
        var status = await stream.NextAsync(
            "operator.status", data => data.GetProperty("operatorId").GetString() == agent.Id && data.GetProperty("status").GetString() == "offline");
        Assert.Equal("Gone", status.GetProperty("name").GetString());
        var self = await admin.Http.PutAsJsonAsync($"/api/v1/operators/{admin.Id}", new { name = "Admin", email = GatewayApp.AdminEmail, role = "admin", disabled = true });
        Assert.Equal(HttpStatusCode.Conflict, self.StatusCode);
        Assert.Equal("You cannot disable yourself; another admin can.", await Detail(self));
    }

    [Fact]
    public async Task TheOverviewShowsWhatConfigurationDecidesAndNeverASecret()
    {
        var admin = await fixture.App.AdminAsync();

        var response = await admin.Http.GetAsync("/api/v1/admin/overview");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        foreach (var secret in new[] { AdminFixture.DirectLineSecret, AdminFixture.BotSecret, AdminFixture.ZendeskToken, AdminFixture.WebhookSecret, "never-shown", "pass@" })
        {
            Assert.DoesNotContain(secret, body, StringComparison.Ordinal);
        }

        var overview = JsonSerializer.Deserialize<ConfigurationOverview>(body, JsonSerializerOptions.Web)!;
        var webChat = Assert.Single(overview.Channels, c => c.Channel == "webchat");
        Assert.True(webChat.Enabled);
        Assert.Equal([new SecretSetting("Channels:DirectLine:Secret", true)], webChat.Secrets);
        Assert.False(Assert.Single(overview.Channels, c => c.Channel == "whatsapp").Enabled);
        var bot = Assert.Single(overview.Bots);
        Assert.Equal(("Frontdesk", "http://127.0.0.1:9/api/messages", "shared secret"), (bot.Name, bot.Endpoint, bot.Authentication));
        Assert.Equal(["instagram"], bot.Channels);
        Assert.Equal("Zendesk", overview.Helpdesk.Provider);
        Assert.Equal(fixture.Zendesk.BaseUrl + "/", overview.Helpdesk.Target);
        Assert.Equal([new SecretSetting("Tickets:Zendesk:ApiToken", true)], overview.Helpdesk.Secrets);
        Assert.Equal("Builtin", overview.Summaries.Provider, ignoreCase: true);
        Assert.Contains("end", overview.Summaries.AutomaticOn);
        Assert.Equal(90, overview.Timers.MissedAfterSeconds);
        var hook = Assert.Single(overview.Webhooks);
        Assert.Equal(("crm", "http://127.0.0.1:9/livechat", new SecretSetting("Webhooks:Subscriptions:0:Secret", true)), (hook.Name, hook.Url, hook.Secret));
        Assert.Equal(["chat.ended"], hook.Events);
        var openApi = await fixture.App.Anonymous().GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        Assert.True(openApi.GetProperty("paths").TryGetProperty("/api/v1/admin/overview", out _));
        Assert.True(openApi.GetProperty("paths").GetProperty("/api/v1/departments/{id}").TryGetProperty("put", out _));
    }

    [Fact]
    public async Task AgentsGet403FromEveryAdminEndpointAndSupervisorsFromTheAdminOnesOnly()
    {
        var admin = await fixture.App.AdminAsync();
        var department = await admin.DepartmentAsync($"Locked {Guid.NewGuid():N}");
        var agentAccount = await admin.OperatorAsync("agent", department);
        var agent = await fixture.App.SignInAsync(agentAccount.Email, agentAccount.Password);
        var supervisorAccount = await admin.OperatorAsync("supervisor", department);
        var supervisor = await fixture.App.SignInAsync(supervisorAccount.Email, supervisorAccount.Password);
        var operatorBody = new { name = "X", email = "x@example.test", password = "password-123", role = "agent" };

        var byAgent = new[]
        {
            await agent.Http.GetAsync("/api/v1/admin/overview"),
            await agent.Http.PutAsJsonAsync($"/api/v1/departments/{department}", new { name = "Mine now" }),
            await agent.Http.PostAsJsonAsync("/api/v1/operators", operatorBody),
            await agent.Http.PutAsJsonAsync($"/api/v1/operators/{agentAccount.Id}", operatorBody),
            await agent.Http.GetAsync("/api/v1/operators"),
            await agent.Http.PostAsJsonAsync("/api/v1/canned-messages", new { shortcut = "x", text = "x", departmentId = department }),
            await agent.Http.PostAsJsonAsync("/api/v1/canned-categories", new { name = "x", departmentId = department }),
            await agent.Http.PostAsync("/api/v1/tickets/tkt_x/retry", null),
        };
        var bySupervisor = new[]
        {
            await supervisor.Http.GetAsync("/api/v1/admin/overview"),
            await supervisor.Http.PutAsJsonAsync($"/api/v1/departments/{department}", new { name = "Mine now" }),
            await supervisor.Http.PostAsJsonAsync("/api/v1/operators", operatorBody),
        };

        Assert.All(byAgent.Concat(bySupervisor), r =>
        {
            Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
            Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
        });
        Assert.Equal(HttpStatusCode.OK, (await supervisor.Http.GetAsync("/api/v1/operators")).StatusCode);
    }

    private static async Task<string?> Detail(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString();
}
