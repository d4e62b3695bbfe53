using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using LiveChat.Gateway.Tests.Channels;
using LiveChat.Gateway.Tests.DirectLine;

namespace LiveChat.Gateway.Tests.Edge;

/// <summary>One gateway with every public edge switched on: WhatsApp, Messenger and Direct Line (Graph is played by WireMock).</summary>
public class EdgeFixture : GatewayFixture
{
    public const string MessengerSecret = "messenger_app_secret";
    public const string PageId = "1029384756";

    public ApiMock Graph { get; private set; } = null!;

    protected sealed override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Channels:WhatsApp:AppSecret"] = WhatsAppFixture.AppSecret,
        ["Channels:WhatsApp:VerifyToken"] = "verify-me",
        ["Channels:WhatsApp:AccessToken"] = WhatsAppFixture.AccessToken,
        ["Channels:WhatsApp:PhoneNumberId"] = WhatsAppFixture.PhoneNumberId,
        ["Channels:WhatsApp:GraphBaseUrl"] = Graph.BaseUri.ToString().TrimEnd('/'),
        ["Channels:Messenger:AppSecret"] = MessengerSecret,
        ["Channels:Messenger:VerifyToken"] = "verify-me",
        ["Channels:Messenger:PageAccessToken"] = "EAAG-page-token",
        ["Channels:Messenger:PageId"] = PageId,
        ["Channels:Messenger:GraphBaseUrl"] = Graph.BaseUri.ToString().TrimEnd('/'),
        ["Channels:DirectLine:Secret"] = DirectLineFixture.Secret,
    }.Concat(Extra).ToDictionary();

    /// <summary>What a derived fixture adds to the settings.</summary>
    protected virtual IDictionary<string, string?> Extra => new Dictionary<string, string?>();

    public override async Task InitializeAsync()
    {
        Graph = ApiMock.Start();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Graph.Dispose();
    }

    /// <summary>A webhook body signed as Meta signs it (raw bytes, so invalid UTF-8 can be sent too).</summary>
    public async Task<HttpResponseMessage> PostWebhookAsync(string channel, byte[] body)
    {
        var secret = channel == "whatsapp" ? WhatsAppFixture.AppSecret : MessengerSecret;
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/webhooks/{channel}") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-Hub-Signature-256", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body)));
        return await App.Anonymous().SendAsync(request);
    }

    public Task<HttpResponseMessage> PostWebhookAsync(string channel, string body) => PostWebhookAsync(channel, Encoding.UTF8.GetBytes(body));

    /// <summary>A WhatsApp notification carrying one message whose JSON is <paramref name="message"/>.</summary>
    public static string WhatsApp(string waId, string message) => $$$"""
        {"object":"whatsapp_business_account","entry":[{"id":"419561257915477","changes":[{"field":"messages","value":{
          "messaging_product":"whatsapp",
          "metadata":{"display_phone_number":"15550783881","phone_number_id":"{{{WhatsAppFixture.PhoneNumberId}}}"},
          "contacts":[{"profile":{"name":"Edge Case"},"wa_id":"{{{waId}}}"}],
          "messages":[{{{message}}}]}}]}]}
        """;

    public static string WhatsAppText(string waId, string wamid, string text) =>
        WhatsApp(waId, $$$"""{"from":"{{{waId}}}","id":"{{{wamid}}}","timestamp":"{{{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}}}","type":"text","text":{"body":{{{text}}}}}""");

    /// <summary>A Messenger notification with one message event; <paramref name="text"/> is raw JSON.</summary>
    public static string Messenger(string psid, string mid, string text) => $$$"""
        {"object":"page","entry":[{"id":"{{{PageId}}}","time":{{{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}}},"messaging":[{
          "sender":{"id":"{{{psid}}}"},"recipient":{"id":"{{{PageId}}}"},"timestamp":{{{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}}},
          "message":{"mid":"{{{mid}}}","text":{{{text}}}}}]}]}
        """;

    public HttpClient DirectLine(string? bearer)
    {
        var client = App.Anonymous();
        if (bearer is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return client;
    }

    /// <summary>A started Direct Line conversation: (id, token).</summary>
    public async Task<(string Id, string Token)> StartConversationAsync()
    {
        var started = await DirectLine(DirectLineFixture.Secret).PostAsync("/v3/directline/conversations", null);
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        var body = await started.Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("conversationId").GetString()!, body.GetProperty("token").GetString()!);
    }

    /// <summary>Waits for the chat whose visitor this conversation key is, through the operator API.</summary>
    public async Task<JsonElement> ChatOfAsync(OperatorClient admin, string channel, Func<JsonElement, bool> match)
    {
        return await Eventually.Until(
            $"a queued {channel} chat that matches",
            async () => (await admin.Http.GetFromJsonAsync<JsonElement>($"/api/v1/chats?view=queued&channel={channel}&limit=100")).EnumerateArray().FirstOrDefault(match),
            chat => chat.ValueKind == JsonValueKind.Object);
    }
}
