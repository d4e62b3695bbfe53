using System.Net.Http.Headers;
using System.Security.Cryptography;
using LiveChat.Gateway.Tests.DirectLine;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace LiveChat.Gateway.Tests.Helpdesk;

/// <summary>
/// A gateway with the web widget (Direct Line) on, a clock the test moves, a CORS origin for a console served elsewhere,
/// a test RSA key pair standing in for a Zendesk app's (Zendesk signs, the gateway trusts the public half), and a stub
/// Zendesk API (the configured helpdesk, <c>Tickets:Provider</c>) that says who the user a JWT is signed for is.
/// </summary>
public sealed class HelpdeskFixture : DirectLineFixture
{
    public const string CorsOrigin = "https://console.example.test";

    /// <summary>The Zendesk user the JWTs are signed for unless a test names another; the stub knows them as the admin.</summary>
    public const string ZendeskAdminUserId = "1001";

    public ApiMock Zendesk { get; } = ApiMock.Start();

    /// <summary>The app installation's audience, on the stub Zendesk's host: the account whose API the gateway asks.</summary>
    public string ZendeskAudience => $"{Zendesk.BaseUri}api/v2/apps/installations/42.json";

    public ManualTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    public RSA ZendeskKey { get; } = RSA.Create(2048);

    protected override TimeProvider? Time => Clock;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["Routing:SweepIntervalMilliseconds"] = "60000",
        ["Helpdesk:CorsOrigins:0"] = CorsOrigin,
        ["Tickets:Provider"] = "Zendesk",
        ["Tickets:Zendesk:BaseUrl"] = Zendesk.BaseUri.ToString(),
        ["Tickets:Zendesk:Email"] = "bot@example.test",
        ["Tickets:Zendesk:ApiToken"] = "zendesk-test-token",
        ["Tickets:AttemptTimeoutSeconds"] = "5",
    };

    public override async Task InitializeAsync()
    {
        ZendeskUser(ZendeskAdminUserId, GatewayApp.AdminEmail);
        await base.InitializeAsync();
    }

    /// <summary>The stub Zendesk answers <c>GET /api/v2/users/{id}.json</c> with this user.</summary>
    public void ZendeskUser(string userId, string email) =>
        Zendesk.On($"GET /api/v2/users/{userId}.json", StubResponse.Json(JsonSerializer.Serialize(new { user = new { id = long.Parse(userId, System.Globalization.CultureInfo.InvariantCulture), email, active = true, role = "agent" } })));

    public string ZendeskPublicKey => ZendeskKey.ExportSubjectPublicKeyInfoPem();

    /// <summary>A JWT as Zendesk's signedUrls posts it for user <paramref name="userId"/> (none: null), signed with <paramref name="key"/> (the app's by default).</summary>
    public string ZendeskJwt(string? audience = null, RSA? key = null, TimeSpan? expiresIn = null, string? userId = ZendeskAdminUserId)
    {
        var claims = new Dictionary<string, object> { ["qsh"] = "test" };
        if (userId is not null)
        {
            claims["sub"] = userId;
        }

        var now = Clock.GetUtcNow().UtcDateTime;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "acme.zendesk.com",
            Audience = audience ?? ZendeskAudience,
            IssuedAt = now.AddMinutes(-10),
            NotBefore = now.AddMinutes(-10),
            Expires = now + (expiresIn ?? TimeSpan.FromMinutes(5)),
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(key ?? ZendeskKey), SecurityAlgorithms.RsaSha256),
            Claims = claims,
        });
    }

    /// <summary>
    /// An installation made through the admin API (and turned on unless asked not to): its id and its key. Zoho Desk and
    /// Freshdesk apps cannot prove their agent, so unless a test asks otherwise their agent email is trusted.
    /// </summary>
    public async Task<(string Id, string Key)> InstallationAsync(
        string kind, IEnumerable<string> frameAncestors, bool enabled = true, string name = "Support desk", bool? trustAgentEmail = null)
    {
        var trust = trustAgentEmail ?? kind != "zendesk";
        var admin = await App.AdminAsync();
        var zendesk = kind == "zendesk";
        var created = await admin.Http.PostAsJsonAsync("/api/v1/helpdesk/installations", new
        {
            kind,
            name,
            frameAncestors,
            zendeskAudience = zendesk ? ZendeskAudience : null,
            zendeskPublicKey = zendesk ? ZendeskPublicKey : null,
            trustAgentEmail = trust,
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<HelpdeskInstallationKey>();
        if (enabled)
        {
            var on = await admin.Http.PutAsJsonAsync($"/api/v1/helpdesk/installations/{body!.Installation.Id}", new
            {
                name,
                enabled = true,
                frameAncestors,
                zendeskAudience = zendesk ? ZendeskAudience : null,
                zendeskPublicKey = zendesk ? ZendeskPublicKey : null,
                trustAgentEmail = trust,
            });
            Assert.Equal(HttpStatusCode.OK, on.StatusCode);
        }

        return (body!.Installation.Id, body.Key);
    }

    /// <summary>An agent of the default department, where the widget's chats go: the helpdesk user the app signs in as.</summary>
    public async Task<(string Id, string Email, string Password)> WidgetAgentAsync()
    {
        var admin = await App.AdminAsync();
        var departments = await admin.Http.GetFromJsonAsync<List<DepartmentView>>("/api/v1/departments");
        return await admin.OperatorAsync("agent", departments!.Single(d => d.IsDefault).Id);
    }

    /// <summary>POST /api/v1/embed/sessions as a helpdesk app does, with the key or JWT as its bearer credential.</summary>
    public async Task<HttpResponseMessage> AskForSessionAsync(string credential, object request)
    {
        var client = App.Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", credential);
        return await client.PostAsJsonAsync("/api/v1/embed/sessions", request);
    }

    public async Task<HttpResponseMessage> ExchangeAsync(string url) =>
        await App.Anonymous().PostAsJsonAsync("/api/v1/embed/exchange", new { code = url[(url.IndexOf("#code=", StringComparison.Ordinal) + 6)..] });

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        ZendeskKey.Dispose();
        Zendesk.Dispose();
    }
}
