using System.Net.Http.Headers;
using System.Security.Cryptography;
using LiveChat.Gateway.Tests.DirectLine;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace LiveChat.Gateway.Tests.Helpdesk;

/// <summary>
/// A gateway with the web widget (Direct Line) on, a clock the test moves, a CORS origin for a console served elsewhere,
/// and a test RSA key pair standing in for a Zendesk app's (Zendesk signs, the gateway trusts the public half).
/// </summary>
public sealed class HelpdeskFixture : DirectLineFixture
{
    public const string ZendeskAudience = "https://acme.zendesk.com/api/v2/apps/installations/42.json";
    public const string CorsOrigin = "https://console.example.test";

    public ManualTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    public RSA ZendeskKey { get; } = RSA.Create(2048);

    protected override TimeProvider? Time => Clock;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["Routing:SweepIntervalMilliseconds"] = "60000",
        ["Helpdesk:CorsOrigins:0"] = CorsOrigin,
    };

    public string ZendeskPublicKey => ZendeskKey.ExportSubjectPublicKeyInfoPem();

    /// <summary>A JWT as Zendesk's signedUrls posts it, signed with <paramref name="key"/> (the app's by default).</summary>
    public string ZendeskJwt(string audience = ZendeskAudience, RSA? key = null, TimeSpan? expiresIn = null)
    {
        var now = Clock.GetUtcNow().UtcDateTime;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "acme.zendesk.com",
            Audience = audience,
            IssuedAt = now.AddMinutes(-10),
            NotBefore = now.AddMinutes(-10),
            Expires = now + (expiresIn ?? TimeSpan.FromMinutes(5)),
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(key ?? ZendeskKey), SecurityAlgorithms.RsaSha256),
            Claims = new Dictionary<string, object> { ["qsh"] = "test" },
        });
    }

    /// <summary>An installation made through the admin API (and turned on unless asked not to): its id and its key.</summary>
    public async Task<(string Id, string Key)> InstallationAsync(
        string kind, IEnumerable<string> frameAncestors, bool enabled = true, string name = "Support desk")
    {
        var admin = await App.AdminAsync();
        var zendesk = kind == "zendesk";
        var created = await admin.Http.PostAsJsonAsync("/api/v1/helpdesk/installations", new
        {
            kind,
            name,
            frameAncestors,
            zendeskAudience = zendesk ? ZendeskAudience : null,
            zendeskPublicKey = zendesk ? ZendeskPublicKey : null,
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
    }
}
