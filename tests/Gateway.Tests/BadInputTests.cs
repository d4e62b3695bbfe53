using System.Text;

namespace LiveChat.Gateway.Tests;

public sealed class BadInputTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task MalformedJsonIsABadRequestProblem()
    {
        var response = await Post(fixture.App.Anonymous(), "/api/v1/auth/token", """{"email": "a@b.c", "password": """);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("The request body is not valid JSON", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongTypeNamesTheField()
    {
        var admin = await fixture.App.AdminAsync();

        var response = await Post(admin.Http, "/api/v1/operators", """{"name": "Bo", "email": "bo@example.test", "password": "password-1", "role": "agent", "maxConcurrentChats": "many"}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal("The value of 'maxConcurrentChats' has the wrong type.", errors.GetProperty("maxConcurrentChats")[0].GetString());
    }

    [Fact]
    public async Task InvalidFieldsAreEachNamed()
    {
        var admin = await fixture.App.AdminAsync();

        var response = await admin.Http.PostAsJsonAsync("/api/v1/operators", new { name = "", email = "not-an-email", password = "short", role = "boss", maxConcurrentChats = 0 });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        foreach (var field in new[] { "name", "email", "password", "role", "maxConcurrentChats" })
        {
            Assert.True(errors.TryGetProperty(field, out _), $"'{field}' should be named in {errors}");
        }
    }

    [Fact]
    public async Task AnUnknownStatusIsNamedAndTheOperatorStaysAsTheyWere()
    {
        var admin = await fixture.App.AdminAsync();
        var before = await admin.Http.GetFromJsonAsync<JsonElement>("/api/v1/operators/me");

        var response = await admin.Http.PutAsJsonAsync("/api/v1/operators/me/status", new { status = "away" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal("'status' must be online or offline.", errors.GetProperty("status")[0].GetString());
        var after = await admin.Http.GetFromJsonAsync<JsonElement>("/api/v1/operators/me");
        Assert.Equal(before.GetProperty("status").GetString(), after.GetProperty("status").GetString());
    }

    [Fact]
    public async Task UnknownDepartmentIsNamedAndNothingIsHalfWritten()
    {
        var admin = await fixture.App.AdminAsync();
        var email = $"half-{Guid.NewGuid():N}@example.test";

        var response = await admin.Http.PostAsJsonAsync("/api/v1/operators", new { name = "Half", email, password = "password-123", role = "agent", departmentIds = new[] { "dep_missing" } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal("There is no department 'dep_missing'.", errors.GetProperty("departmentIds")[0].GetString());
        var operators = await admin.Http.GetFromJsonAsync<JsonElement>("/api/v1/operators");
        Assert.DoesNotContain(operators.EnumerateArray(), o => o.GetProperty("email").GetString() == email);
        var signIn = await fixture.App.Anonymous().PostAsJsonAsync("/api/v1/auth/token", new { email, password = "password-123" });
        Assert.Equal(HttpStatusCode.Unauthorized, signIn.StatusCode);
    }

    [Fact]
    public async Task UnknownIdsAreNotFoundProblems()
    {
        var admin = await fixture.App.AdminAsync();

        var chat = await admin.Http.GetAsync("/api/v1/chats/ch_nope");
        var messages = await admin.Http.GetAsync("/api/v1/chats/ch_nope/messages");
        var visitor = await admin.Http.GetAsync("/api/v1/visitors/vi_nope");
        var update = await admin.Http.PutAsJsonAsync("/api/v1/operators/op_nope", new { name = "N", email = "n@example.test", role = "agent" });

        foreach (var response in new[] { chat, messages, visitor, update })
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        Assert.Equal("There is no chat 'ch_nope'.", (await chat.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task OversizedBodyIsRejected()
    {
        var admin = await fixture.App.AdminAsync();
        var huge = $$"""{"name": "{{new string('x', 2 * 1024 * 1024)}}"}""";

        // Sent as a client sends a large body: headers first, the body only after "100 Continue". Otherwise the 413 and
        // the closed connection can reach the client while it is still writing, and it sees a broken pipe instead.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/departments") { Content = new StringContent(huge, Encoding.UTF8, "application/json") };
        request.Headers.ExpectContinue = true;
        var response = await admin.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task UnknownViewAndBadLimitAreNamed()
    {
        var admin = await fixture.App.AdminAsync();

        var view = await admin.Http.GetAsync("/api/v1/chats?view=everything");
        var limit = await admin.Http.GetAsync("/api/v1/chats?limit=5000");
        var notANumber = await admin.Http.GetAsync("/api/v1/chats?limit=lots");

        Assert.Equal(HttpStatusCode.BadRequest, view.StatusCode);
        Assert.True((await view.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("view", out _));
        Assert.Equal(HttpStatusCode.BadRequest, limit.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, notANumber.StatusCode);
        Assert.Contains("limit", (await notANumber.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DuplicateDepartmentIsAConflict()
    {
        var admin = await fixture.App.AdminAsync();
        var name = $"Dup {Guid.NewGuid():N}";
        await admin.DepartmentAsync(name);

        var again = await admin.Http.PostAsJsonAsync("/api/v1/departments", new { name = name.ToUpperInvariant() });

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    private static Task<HttpResponseMessage> Post(HttpClient client, string path, string json) =>
        client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));
}
