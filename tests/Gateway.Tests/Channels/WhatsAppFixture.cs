using System.Security.Cryptography;
using System.Text;

namespace LiveChat.Gateway.Tests.Channels;

/// <summary>A gateway with the WhatsApp channel enabled, its Graph API played by WireMock.</summary>
public sealed class WhatsAppFixture : GatewayFixture
{
    public const string AppSecret = "test_app_secret";
    public const string PhoneNumberId = "106540352242922";
    public const string AccessToken = "EAAG-test-access-token";

    public ApiMock Graph { get; private set; } = null!;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Channels:WhatsApp:AppSecret"] = AppSecret,
        ["Channels:WhatsApp:VerifyToken"] = "verify-me",
        ["Channels:WhatsApp:AccessToken"] = AccessToken,
        ["Channels:WhatsApp:PhoneNumberId"] = PhoneNumberId,
        ["Channels:WhatsApp:GraphBaseUrl"] = Graph.BaseUri.ToString().TrimEnd('/'),
        ["Channels:WhatsApp:ApiVersion"] = "v23.0",
    };

    public string SendRoute => $"POST /v23.0/{PhoneNumberId}/messages";

    public override async Task InitializeAsync()
    {
        Graph = ApiMock.Start();
        // Anything a test does not script (the gateway's own notices to the customer) is accepted.
        Graph.On(SendRoute, _ => StubResponse.Json($$$"""{"messaging_product":"whatsapp","messages":[{"id":"wamid.auto-{{{Guid.NewGuid():N}}}"}]}"""));
        await base.InitializeAsync();
    }

    /// <summary>
    /// Waits until the gateway has sent the customer its queue notice and has nothing else left to send (the Graph
    /// stub's scripted answers go to whichever send comes next, so a notice still on its way to another test's
    /// customer would take the answer meant for the operator's reply).
    /// </summary>
    public Task WaitForQueueNoticeAsync(string waId) =>
        Eventually.Until(
            $"the queue notice to {waId} and no other send pending",
            async () => Graph.RequestsTo(SendRoute).Any(r => r.Body.Contains($"\"to\":\"{waId}\"", StringComparison.Ordinal)) && await PendingSendsAsync() == 0);

    private async Task<long> PendingSendsAsync()
    {
        await using var connection = await Database.OpenAsync();
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM outbox");
    }

    /// <summary>The Send API requests that carried <paramref name="text"/>.</summary>
    public Task<IReadOnlyList<RecordedRequest>> SendsOfAsync(string text, int count = 1) =>
        Graph.WaitForAsync(SendRoute, r => r.Body.Contains(text, StringComparison.Ordinal), count, TimeSpan.FromSeconds(30));

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Graph.Dispose();
    }

    public static string Sign(string body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(AppSecret), Encoding.UTF8.GetBytes(body)));

    public async Task<HttpResponseMessage> PostWebhookAsync(string body, string? signature = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/whatsapp") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Hub-Signature-256", signature ?? Sign(body));
        return await App.Anonymous().SendAsync(request);
    }

    public static string TextMessage(string waId, string name, string wamid, string text, DateTimeOffset at) => $$$"""
        {"object":"whatsapp_business_account","entry":[{"id":"419561257915477","changes":[{"field":"messages","value":{
          "messaging_product":"whatsapp",
          "metadata":{"display_phone_number":"15550783881","phone_number_id":"{{{PhoneNumberId}}}"},
          "contacts":[{"profile":{"name":"{{{name}}}"},"wa_id":"{{{waId}}}"}],
          "messages":[{"from":"{{{waId}}}","id":"{{{wamid}}}","timestamp":"{{{at.ToUnixTimeSeconds()}}}","type":"text","text":{"body":"{{{text}}}"}}]}}]}]}
        """;

    public static string Status(string wamid, string status, string recipient, DateTimeOffset at) => $$$"""
        {"object":"whatsapp_business_account","entry":[{"id":"419561257915477","changes":[{"field":"messages","value":{
          "messaging_product":"whatsapp",
          "metadata":{"display_phone_number":"15550783881","phone_number_id":"{{{PhoneNumberId}}}"},
          "statuses":[{"id":"{{{wamid}}}","status":"{{{status}}}","timestamp":"{{{at.ToUnixTimeSeconds()}}}","recipient_id":"{{{recipient}}}"}]}}]}]}
        """;
}
