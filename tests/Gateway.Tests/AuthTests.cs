using System.Net.Http.Headers;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace LiveChat.Gateway.Tests;

public sealed class ClockedGatewayFixture : GatewayFixture
{
    public ManualTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    protected override TimeProvider? Time => Clock;
}

public sealed class AuthTests(ClockedGatewayFixture fixture) : IClassFixture<ClockedGatewayFixture>
{
    [Fact]
    public async Task WrongPasswordIsUnauthorized()
    {
        var response = await fixture.App.Anonymous().PostAsJsonAsync("/api/v1/auth/token", new { email = GatewayApp.AdminEmail, password = "not-the-password" });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("The email or password is wrong.", problem.GetProperty("detail").GetString());
        Assert.DoesNotContain("accessToken", problem.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TokenCarriesTheOperatorAndWorks()
    {
        var response = await fixture.App.Anonymous().PostAsJsonAsync("/api/v1/auth/token", new { email = "ADMIN@example.test", password = GatewayApp.AdminPassword });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("admin", body.GetProperty("operator").GetProperty("role").GetString());
        Assert.Equal(480 * 60, body.GetProperty("expiresIn").GetInt32());
        Assert.False(body.GetProperty("operator").TryGetProperty("passwordHash", out _));
        var client = fixture.App.Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", body.GetProperty("accessToken").GetString());
        var me = await client.GetFromJsonAsync<JsonElement>("/api/v1/operators/me");
        Assert.Equal(GatewayApp.AdminEmail, me.GetProperty("email").GetString());
    }

    [Fact]
    public async Task MissingTokenIsUnauthorized()
    {
        var response = await fixture.App.Anonymous().GetAsync("/api/v1/chats");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("A bearer access token is required.", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("wrong-key")]
    [InlineData("unsigned")]
    [InlineData("garbage")]
    public async Task ForgedTokenIsUnauthorized(string forgery)
    {
        var handler = new JsonWebTokenHandler();
        var claims = new Dictionary<string, object> { ["sub"] = "op_forged", ["role"] = "admin" };
        var token = forgery switch
        {
            "wrong-key" => handler.CreateToken(new SecurityTokenDescriptor
            {
                Issuer = "livechat-gateway",
                Audience = "livechat-operators",
                Expires = DateTime.UtcNow.AddHours(1),
                Claims = claims,
                SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(new string('k', 64))), SecurityAlgorithms.HmacSha256),
            }),
            "unsigned" => handler.CreateToken(new SecurityTokenDescriptor
            {
                Issuer = "livechat-gateway",
                Audience = "livechat-operators",
                Expires = DateTime.UtcNow.AddHours(1),
                Claims = claims,
            }),
            _ => "not.a.token",
        };
        var client = fixture.App.Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var response = await client.GetAsync("/api/v1/operators");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("The access token is not valid.", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task ExpiredTokenIsUnauthorized()
    {
        var admin = await fixture.App.AdminAsync();
        Assert.Equal(HttpStatusCode.OK, (await admin.Http.GetAsync("/api/v1/operators/me")).StatusCode);

        fixture.Clock.Advance(TimeSpan.FromHours(9));
        var response = await admin.Http.GetAsync("/api/v1/operators/me");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("The access token has expired.", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task AgentCannotUseAdminEndpoints()
    {
        var admin = await fixture.App.AdminAsync();
        var agent = await admin.OperatorAsync("agent");
        var client = await fixture.App.SignInAsync(agent.Email, agent.Password);

        var createDepartment = await client.Http.PostAsJsonAsync("/api/v1/departments", new { name = "Sneaky" });
        var createOperator = await client.Http.PostAsJsonAsync("/api/v1/operators", new { name = "x", email = "x@example.test", password = "password-123", role = "admin" });
        var listOperators = await client.Http.GetAsync("/api/v1/operators");

        Assert.Equal(HttpStatusCode.Forbidden, createDepartment.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, createOperator.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, listOperators.StatusCode);
        var departments = await admin.Http.GetFromJsonAsync<JsonElement>("/api/v1/departments");
        Assert.DoesNotContain(departments.EnumerateArray(), d => d.GetProperty("name").GetString() == "Sneaky");
    }

    [Fact]
    public async Task OperatorGoesOnlineAndOthersAreTold()
    {
        var admin = await fixture.App.AdminAsync();
        var agent = await admin.OperatorAsync("agent");
        var client = await fixture.App.SignInAsync(agent.Email, agent.Password);
        await using var stream = await EventStream.OpenAsync(admin.Http);

        var response = await client.Http.PutAsJsonAsync("/api/v1/operators/me/status", new { status = "online", ringer = false });

        var me = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("online", me.GetProperty("status").GetString());
        Assert.False(me.GetProperty("ringer").GetBoolean());
        var evt = await stream.NextAsync("operator.status");
        var data = JsonDocument.Parse(evt.Data).RootElement.GetProperty("data");
        Assert.Equal(agent.Id, data.GetProperty("operatorId").GetString());
        Assert.Equal("online", data.GetProperty("status").GetString());
    }
}
