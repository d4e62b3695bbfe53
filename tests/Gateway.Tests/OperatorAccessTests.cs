using System.Net.Http.Headers;
using LiveChat.Gateway.Tests.DirectLine;
using Microsoft.Extensions.Logging;

namespace LiveChat.Gateway.Tests;

public sealed class LoggedGatewayFixture : GatewayFixture
{
    public CapturedLogs Captured { get; } = new();

    protected override ILoggerProvider? Logs => Captured;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Channels:DirectLine:Secret"] = DirectLineFixture.Secret,
        ["Logging:LogLevel:Microsoft.AspNetCore.Authentication"] = "Information",
        // A change made through another node is seen within this; this node sees its own changes at once.
        ["Auth:OperatorCheckSeconds"] = "300",
    };
}

/// <summary>Role changes and disabling apply to the next request, not when the token expires (issue 16, item 8).</summary>
public sealed class OperatorAccessTests(LoggedGatewayFixture fixture) : IClassFixture<LoggedGatewayFixture>
{
    [Fact]
    public async Task DemotedSupervisorLosesSupervisorRightsAtOnce()
    {
        var admin = await fixture.App.AdminAsync();
        var supervisor = await admin.OperatorAsync("supervisor");
        var client = await fixture.App.SignInAsync(supervisor.Email, supervisor.Password);
        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync("/api/v1/operators")).StatusCode);

        var demoted = await admin.Http.PutAsJsonAsync($"/api/v1/operators/{supervisor.Id}", new { name = "Demoted", email = supervisor.Email, role = "agent" });

        Assert.Equal(HttpStatusCode.OK, demoted.StatusCode);
        var response = await client.Http.GetAsync("/api/v1/operators");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("agent", (await client.Http.GetFromJsonAsync<JsonElement>("/api/v1/operators/me")).GetProperty("role").GetString());
    }

    [Fact]
    public async Task PromotedAgentGainsRightsAtOnce()
    {
        var admin = await fixture.App.AdminAsync();
        var agent = await admin.OperatorAsync("agent");
        var client = await fixture.App.SignInAsync(agent.Email, agent.Password);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.Http.GetAsync("/api/v1/operators")).StatusCode);

        await admin.Http.PutAsJsonAsync($"/api/v1/operators/{agent.Id}", new { name = "Promoted", email = agent.Email, role = "supervisor" });

        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync("/api/v1/operators")).StatusCode);
    }

    [Fact]
    public async Task DisabledOperatorIsRefusedAtOnceAndCannotSignIn()
    {
        var admin = await fixture.App.AdminAsync();
        var agent = await admin.OperatorAsync("agent");
        var client = await fixture.App.SignInAsync(agent.Email, agent.Password);
        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync("/api/v1/operators/me")).StatusCode);

        var disabled = await admin.Http.PutAsJsonAsync($"/api/v1/operators/{agent.Id}", new { name = "Gone", email = agent.Email, role = "agent", disabled = true });

        Assert.True((await disabled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("disabled").GetBoolean());
        var refused = await client.Http.GetAsync("/api/v1/operators/me");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("This operator is disabled.", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        var signIn = await fixture.App.Anonymous().PostAsJsonAsync("/api/v1/auth/token", new { email = agent.Email, password = agent.Password });
        Assert.Equal(HttpStatusCode.Unauthorized, signIn.StatusCode);

        await admin.Http.PutAsJsonAsync($"/api/v1/operators/{agent.Id}", new { name = "Back", email = agent.Email, role = "agent", disabled = false });
        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync("/api/v1/operators/me")).StatusCode);
    }

    [Fact]
    public async Task DisablingOrDemotingEndsTheOperatorsOpenEventStream()
    {
        var admin = await fixture.App.AdminAsync();
        var supervisor = await admin.OperatorAsync("supervisor");
        var agent = await admin.OperatorAsync("agent");
        await using var supervisorStream = await EventStream.OpenAsync((await fixture.App.SignInAsync(supervisor.Email, supervisor.Password)).Http);
        await using var agentStream = await EventStream.OpenAsync((await fixture.App.SignInAsync(agent.Email, agent.Password)).Http);
        await using var adminStream = await EventStream.OpenAsync(admin.Http);
        await supervisorStream.NextAsync("stream.ready");
        await agentStream.NextAsync("stream.ready");

        await admin.Http.PutAsJsonAsync($"/api/v1/operators/{supervisor.Id}", new { name = "Demoted", email = supervisor.Email, role = "agent" });
        await admin.Http.PutAsJsonAsync($"/api/v1/operators/{agent.Id}", new { name = "Gone", email = agent.Email, role = "agent", disabled = true });

        await supervisorStream.Ended.WaitAsync(TimeSpan.FromSeconds(10));
        await agentStream.Ended.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(adminStream.Ended.IsCompleted);
    }

    [Fact]
    public async Task OtherNodesSeeADisablingWithinTheirCheckInterval()
    {
        await using var other = new GatewayApp(fixture.Database.ConnectionString, new Dictionary<string, string?> { ["Auth:OperatorCheckSeconds"] = "0" });
        var admin = await fixture.App.AdminAsync();
        var agent = await admin.OperatorAsync("agent");
        var onOther = await other.SignInAsync(agent.Email, agent.Password);
        Assert.Equal(HttpStatusCode.OK, (await onOther.Http.GetAsync("/api/v1/operators/me")).StatusCode);

        await admin.Http.PutAsJsonAsync($"/api/v1/operators/{agent.Id}", new { name = "Gone", email = agent.Email, role = "agent", disabled = true });

        Assert.Equal(HttpStatusCode.Unauthorized, (await onOther.Http.GetAsync("/api/v1/operators/me")).StatusCode);
    }

    [Fact]
    public async Task DirectLineAndBotConnectorTokensAreNeverTriedAsOperatorTokens()
    {
        var atStart = NotAuthenticatedLines();
        var generated = await Client(DirectLineFixture.Secret).PostAsync("/v3/directline/tokens/generate", null);
        var token = (await generated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
        Assert.Equal(HttpStatusCode.Created, (await Client(token).PostAsync("/v3/directline/conversations", null)).StatusCode);
        await Client("not-a-bot-token").PostAsJsonAsync("/v3/conversations/c1/activities", new { type = "message", text = "hi" });

        var beforeMarker = NotAuthenticatedLines();

        // The marker: an operator request with a bad token is logged by the operator scheme, so the capture works.
        Assert.Equal(HttpStatusCode.Unauthorized, (await Client("marker.not.valid").GetAsync("/api/v1/operators/me")).StatusCode);
        Assert.Equal(atStart, beforeMarker);
        Assert.True(NotAuthenticatedLines().Count > atStart.Count);
    }

    private List<string> NotAuthenticatedLines() =>
        [.. fixture.Captured.Lines.Where(l => l.Message.Contains("was not authenticated", StringComparison.Ordinal)).Select(l => l.Message)];

    private HttpClient Client(string bearer)
    {
        var client = fixture.App.Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        return client;
    }
}
