using System.Net.Http.Headers;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace LiveChat.Gateway.Tests;

/// <summary>An OpenID Connect issuer played by a stub server: its discovery document and signing key.</summary>
public sealed class ExternalIssuerFixture : GatewayFixture
{
    public const string Audience = "livechat-external";

    public StubServer Issuer { get; private set; } = null!;

    public RSA Key { get; } = RSA.Create(2048);

    public string Authority => Issuer.BaseUri.ToString().TrimEnd('/');

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Auth:External:Authority"] = Authority,
        ["Auth:External:Audience"] = Audience,
        ["Auth:External:RequireHttpsMetadata"] = "false",
    };

    public override async Task InitializeAsync()
    {
        Issuer = await StubServer.StartAsync();
        var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(Key.ExportParameters(false)) { KeyId = "k1" });
        Issuer.On("GET /.well-known/openid-configuration", StubResponse.Json(JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["issuer"] = Authority,
            ["jwks_uri"] = $"{Authority}/keys",
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
        })));
        Issuer.On("GET /keys", StubResponse.Json(JsonSerializer.Serialize(new { keys = new[] { new { kty = "RSA", use = "sig", kid = "k1", alg = "RS256", n = jwk.N, e = jwk.E } } })));
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Issuer.DisposeAsync();
        Key.Dispose();
    }

    public string Token(string email, RSA? signer = null) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = Authority,
        Audience = Audience,
        Expires = DateTime.UtcNow.AddMinutes(10),
        Claims = new Dictionary<string, object> { ["email"] = email, ["sub"] = "idp-user-1" },
        SigningCredentials = new SigningCredentials(new RsaSecurityKey(signer ?? Key) { KeyId = "k1" }, SecurityAlgorithms.RsaSha256),
    });
}

public sealed class ExternalIssuerTests(ExternalIssuerFixture fixture) : IClassFixture<ExternalIssuerFixture>
{
    [Fact]
    public async Task ExternalTokenActsAsTheOperatorWithItsEmailAndCurrentRole()
    {
        var admin = await fixture.App.AdminAsync();
        var agent = await admin.OperatorAsync("agent");

        var me = await Client(fixture.Token(agent.Email.ToUpperInvariant())).GetAsync("/api/v1/operators/me");
        var forbidden = await Client(fixture.Token(agent.Email)).GetAsync("/api/v1/operators");

        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.Equal(agent.Id, (await me.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Client(fixture.Token(GatewayApp.AdminEmail)).GetAsync("/api/v1/operators")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.Http.GetAsync("/api/v1/operators")).StatusCode);
    }

    [Fact]
    public async Task ExternalTokenOfAnUnknownEmailOrAnotherKeyIsUnauthorized()
    {
        using var stranger = RSA.Create(2048);

        var unknown = await Client(fixture.Token("nobody@example.test")).GetAsync("/api/v1/operators/me");
        var forged = await Client(fixture.Token(GatewayApp.AdminEmail, stranger)).GetAsync("/api/v1/operators/me");

        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal("No operator matches this access token.", (await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Equal("The access token is not valid.", (await forged.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }

    private HttpClient Client(string token)
    {
        var client = fixture.App.Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
