namespace LiveChat.Gateway.Tests;

public sealed class HostTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task HealthChecksTheDatabase()
    {
        var response = await fixture.App.Anonymous().GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task OpenApiDocumentDescribesTheOperatorApi()
    {
        var document = await fixture.App.Anonymous().GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var paths = document.GetProperty("paths");
        foreach (var path in new[] { "/api/v1/auth/token", "/api/v1/chats", "/api/v1/chats/{id}", "/api/v1/chats/{id}/messages", "/api/v1/visitors/{id}", "/api/v1/events", "/api/v1/operators/me/status", "/api/v1/bots/signing-keys", "/botframework/v2.0/.well-known/openid-configuration", "/botframework/v2.0/keys", "/botframework/v2.0/token", "/api/v1/jobs/session", "/jobs/session/{code}" })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"{path} should be in the OpenAPI document");
        }

        var events = paths.GetProperty("/api/v1/events").GetProperty("get").GetProperty("responses");
        Assert.True(events.GetProperty("200").GetProperty("content").TryGetProperty("text/event-stream", out _), "the event stream should be documented as text/event-stream");
        Assert.True(events.TryGetProperty("400", out _), "a malformed Last-Event-ID should be documented");
        var botActivity = paths.GetProperty("/v3/conversations/{conversationId}/activities/{activityId}");
        Assert.All(new[] { "post", "put", "delete" }, method => Assert.True(botActivity.TryGetProperty(method, out _), $"{method} of a bot's activity should be documented"));
        Assert.Equal("bearer", document.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer").GetProperty("scheme").GetString());
    }
}
