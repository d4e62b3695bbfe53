using LiveChat.Channels.Inbox;

namespace LiveChat.Gateway.Tests.Helpdesk;

/// <summary>
/// A gateway whose configured helpdesk (<c>Tickets:Provider</c>) is a WireMock stub of <paramref name="provider"/>, asked
/// for a visitor's own tickets; the panel waits 4 s for it before calling it unavailable.
/// </summary>
public abstract class HelpdeskTicketsFixture(string provider) : GatewayFixture
{
    public ApiMock Helpdesk { get; } = ApiMock.Start();

    public string BaseUrl => Helpdesk.BaseUri.ToString().TrimEnd('/');

    protected override IDictionary<string, string?> Settings
    {
        get
        {
            var settings = new Dictionary<string, string?>
            {
                ["Tickets:Provider"] = provider,
                ["Tickets:AttemptTimeoutSeconds"] = "10",
                ["Helpdesk:TicketsTimeoutSeconds"] = "4",
                ["Routing:SweepIntervalMilliseconds"] = "60000",
            };
            var section = $"Tickets:{provider}:";
            settings[section + "BaseUrl"] = BaseUrl;
            foreach (var (name, value) in provider switch
            {
                "Zendesk" => [("Email", "bot@example.test"), ("ApiToken", "zendesk-test-token")],
                "Freshdesk" => [("ApiKey", "freshdesk-test-key")],
                _ => new (string, string)[]
                {
                    ("AccountsUrl", BaseUrl), ("OrgId", "org-1"), ("DepartmentId", "dep-1"),
                    ("ClientId", "client-id"), ("ClientSecret", "client-secret"), ("RefreshToken", "refresh-token"),
                },
            })
            {
                settings[section + name] = value;
            }

            return settings;
        }
    }

    public override async Task InitializeAsync()
    {
        Helpdesk.On("POST /oauth/v2/token", StubResponse.Json("""{"access_token":"zoho-access","expires_in":3600}"""));
        await base.InitializeAsync();
    }

    /// <summary>A WhatsApp visitor with this number and (when given) email, and a chat: the visitor's id.</summary>
    public async Task<string> VisitorAsync(string phoneDigits, string? email)
    {
        await App.Inbox.IngestAsync(InboundBatch.Of(Seed.CustomerText("whatsapp", phoneDigits, "Where is my parcel?")), CancellationToken.None);
        await using var connection = await Database.OpenAsync();
        var visitorId = await connection.ExecuteScalarAsync<string>(
            "SELECT visitor_id FROM chats WHERE channel = 'whatsapp' AND conversation_key = @phoneDigits", new { phoneDigits });
        await connection.ExecuteAsync("UPDATE visitors SET email = @email WHERE id = @visitorId", new { email, visitorId });
        return visitorId!;
    }

    public async Task<string> ChatOfAsync(string visitorId)
    {
        await using var connection = await Database.OpenAsync();
        return (await connection.ExecuteScalarAsync<string>("SELECT id FROM chats WHERE visitor_id = @visitorId", new { visitorId }))!;
    }

    public async Task<HelpdeskTicketsView> TicketsAsync(string visitorId) =>
        (await (await App.AdminAsync()).Http.GetFromJsonAsync<HelpdeskTicketsView>($"/api/v1/visitors/{visitorId}/helpdesk-tickets"))!;

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Helpdesk.Dispose();
    }
}

public sealed class ZendeskTicketsLookupFixture() : HelpdeskTicketsFixture("Zendesk");

public sealed class ZohoDeskTicketsLookupFixture() : HelpdeskTicketsFixture("ZohoDesk");

public sealed class FreshdeskTicketsLookupFixture() : HelpdeskTicketsFixture("Freshdesk");
