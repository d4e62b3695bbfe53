using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using LiveChat.Channels.BotConnector;
using LiveChat.Gateway.Tests.DirectLine;
using LiveChat.Gateway.Tests.Routing;

namespace LiveChat.Gateway.Tests.Bots;

/// <summary>
/// tests/interop/echo-bot.js as a stock botbuilder bot: CloudAdapter with ConfigurationBotFrameworkAuthentication built from
/// its environment, which holds exactly the settings docs/bots.md gives (app id and password, the gateway's token issuer,
/// OpenID metadata URL, login URL and OAuth scope). The gateway listens with HTTPS too (MSAL accepts only https
/// authorities); the bot trusts the test's self-signed certificate through NODE_EXTRA_CA_CERTS.
/// </summary>
public sealed class StockBotFixture : DirectLineFixture
{
    public const string AppId = "6c1f2a90-5d4e-4b7a-9f0e-3a2b1c0d9e8f";
    public const string AppPassword = "stock-bot-password-0123456789-abcdefgh";

    private readonly string _certificateFile = Path.Combine(Path.GetTempPath(), $"livechat-test-{Guid.NewGuid():N}.pem");
    private readonly int _port = FreePort();
    private X509Certificate2? _certificate;

    public NodeBot Bot { get; private set; } = null!;

    public Uri BotEndpoint => new($"http://127.0.0.1:{_port}/api/messages");

    protected override X509Certificate2 Https => _certificate ??= SelfSigned();

    protected override IDictionary<string, string?> Settings
    {
        get
        {
            var settings = base.Settings;
            settings["Bots:Stock:Endpoint"] = BotEndpoint.ToString();
            settings["Bots:Stock:AppId"] = AppId;
            settings["Bots:Stock:AppPassword"] = AppPassword;
            settings["Bots:Stock:Channels:0"] = "whatsapp";
            settings["BotDelivery:RetryDelay"] = "00:00:00.050";
            return settings;
        }
    }

    public override async Task InitializeAsync()
    {
        await File.WriteAllTextAsync(_certificateFile, Https.ExportCertificatePem());
        await base.InitializeAsync();
        var gateway = App.HttpsAddress.ToString().TrimEnd('/');
        // docs/bots.md, "A botbuilder bot (JavaScript)": the bot's whole configuration.
        Bot = NodeBot.Start("echo-bot.js", new Dictionary<string, string>
        {
            ["MicrosoftAppType"] = "MultiTenant",
            ["MicrosoftAppId"] = AppId,
            ["MicrosoftAppPassword"] = AppPassword,
            ["ToBotFromChannelTokenIssuer"] = "livechat-gateway",
            ["ToBotFromChannelOpenIdMetadataUrl"] = $"{gateway}/botframework/v2.0/.well-known/openid-configuration",
            ["ToChannelFromBotLoginUrl"] = $"{gateway}/botframework/v2.0",
            ["ToChannelFromBotOAuthScope"] = "livechat-gateway",
            ["NODE_EXTRA_CA_CERTS"] = _certificateFile,
            ["PORT"] = _port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        await Bot.WaitForAsync(e => e.GetProperty("event").GetString() == "listening");
    }

    public override async Task DisposeAsync()
    {
        Bot.Dispose();
        await base.DisposeAsync();
        File.Delete(_certificateFile);
        _certificate?.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static X509Certificate2 SelfSigned()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.KeyCertSign, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new System.Security.Cryptography.Oid("1.3.6.1.5.5.7.3.1")], false));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null);
    }
}

public sealed class StockBotInteropTests(StockBotFixture fixture) : IClassFixture<StockBotFixture>
{
    [Fact]
    public async Task AStockBotConfiguredByItsEnvironmentGreetsEchoesHandsOffAndHearsTheHandoffStatus()
    {
        var key = $"4791{Random.Shared.Next(1_000_000, 9_999_999)}";
        await fixture.App.Inbox.IngestAsync(new([Seed.CustomerText("whatsapp", key, "hi bot", name: "Ola")], []), CancellationToken.None);
        var received = await fixture.Bot.WaitForAsync(e => JsBotFixture.Received(e, "message", "hi bot"));
        var chatId = received.GetProperty("conversationId").GetString()!;
        var admin = await fixture.App.AdminAsync();
        // Both answers went through the bot's own token (MSAL, client credentials at the gateway's token endpoint).
        await JsBotFixture.WaitForMessageAsync(admin, chatId, JsBotFixture.Welcome("Ola"));
        var echo = await JsBotFixture.WaitForMessageAsync(admin, chatId, "Echo: hi bot");
        Assert.Equal("bot", echo.GetProperty("from").GetProperty("kind").GetString());

        await fixture.App.Inbox.IngestAsync(new([Seed.CustomerText("whatsapp", key, "human")], []), CancellationToken.None);
        await fixture.Bot.WaitForAsync(e => e.GetProperty("event").GetString() == "handoffSent");
        var chat = await JsBotFixture.WaitForStateAsync(admin, chatId, "queued");
        var agent = await fixture.App.OnlineAsync(admin, "supervisor", chat.GetProperty("departmentId").GetString()!);
        (await agent.Http.PostAsync($"/api/v1/chats/{chatId}/pickup", null)).EnsureSuccessStatusCode();

        var status = await fixture.Bot.WaitForAsync(e => JsBotFixture.Received(e, "event") && e.GetProperty("name").GetString() == "handoff.status");
        Assert.Equal("accepted", status.GetProperty("value").GetProperty("state").GetString());
        Assert.Empty(fixture.Bot.Seen(e => e.GetProperty("event").GetString() is "turnError" or "processError"));
    }

    [Fact]
    public async Task TheBotsOwnValidationRefusesARequestWithoutAValidToken()
    {
        using var http = new HttpClient();
        var activity = new
        {
            type = "message", id = "forged-1", text = "forged", channelId = "whatsapp", serviceUrl = fixture.App.BaseAddress.ToString(),
            from = new { id = "wa:1", role = "user" }, recipient = new { id = StockBotFixture.AppId, role = "bot" }, conversation = new { id = "chat_forged" },
        };

        var bare = await http.PostAsJsonAsync(fixture.BotEndpoint, activity);
        using var shared = new HttpRequestMessage(HttpMethod.Post, fixture.BotEndpoint) { Content = JsonContent.Create(activity) };
        shared.Headers.Authorization = new AuthenticationHeaderValue("Bearer", BotTokens.Create(
            BotTokens.Gateway, StockBotFixture.AppId, "a-secret-the-bot-never-heard-of-0123456789", DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)));
        var signedWithASecret = await http.SendAsync(shared);

        Assert.Equal(HttpStatusCode.Unauthorized, bare.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, signedWithASecret.StatusCode);
        Assert.Empty(fixture.Bot.Seen(e => JsBotFixture.Received(e, "message", "forged")));
    }

    [Fact]
    public async Task TheGatewayRefusesTheBotWithoutATokenAndGivesTokensOnlyForTheRightPassword()
    {
        var key = $"4792{Random.Shared.Next(1_000_000, 9_999_999)}";
        await fixture.App.Inbox.IngestAsync(new([Seed.CustomerText("whatsapp", key, "hello", name: "Ivo")], []), CancellationToken.None);
        var chatId = (await fixture.Bot.WaitForAsync(e => JsBotFixture.Received(e, "message", "hello"))).GetProperty("conversationId").GetString()!;
        var http = fixture.App.Anonymous();

        var bare = await http.PostAsJsonAsync($"/v3/conversations/{chatId}/activities", new { type = "message", text = "no token" });
        Assert.Equal(HttpStatusCode.Unauthorized, bare.StatusCode);

        var wrong = await http.PostAsync("/botframework/v2.0/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = StockBotFixture.AppId,
            ["client_secret"] = "not-the-password-0123456789-0123456789", ["scope"] = "livechat-gateway/.default",
        }));
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal("invalid_client", (await wrong.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());

        var issued = await http.PostAsync("/botframework/v2.0/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = StockBotFixture.AppId,
            ["client_secret"] = StockBotFixture.AppPassword, ["scope"] = "livechat-gateway/.default",
        }));
        issued.EnsureSuccessStatusCode();
        var token = (await issued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var sent = await http.PostAsJsonAsync($"/v3/conversations/{chatId}/activities", new { type = "message", text = "with a token" });
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
    }

    [Fact]
    public async Task ARotatedKeyIsPublishedBeforeItIsUsedAndTheBotKeepsWorking()
    {
        var http = fixture.App.Anonymous();
        var before = await KidsAsync(http);
        var admin = await fixture.App.AdminAsync();

        var rotated = await admin.Http.PostAsJsonAsync("/api/v1/bots/signing-keys", new { activateInMinutes = 60 });

        Assert.Equal(HttpStatusCode.Created, rotated.StatusCode);
        var kid = (await rotated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("kid").GetString()!;
        var after = await KidsAsync(http);
        Assert.Contains(kid, after);
        Assert.Superset(before.ToHashSet(), after.ToHashSet());
        var key = $"4793{Random.Shared.Next(1_000_000, 9_999_999)}";
        await fixture.App.Inbox.IngestAsync(new([Seed.CustomerText("whatsapp", key, "still there?", name: "Uma")], []), CancellationToken.None);
        var chatId = (await fixture.Bot.WaitForAsync(e => JsBotFixture.Received(e, "message", "still there?"))).GetProperty("conversationId").GetString()!;
        await JsBotFixture.WaitForMessageAsync(admin, chatId, "Echo: still there?");
    }

    private static async Task<List<string>> KidsAsync(HttpClient http)
    {
        var metadata = await http.GetFromJsonAsync<JsonElement>("/botframework/v2.0/.well-known/openid-configuration");
        var keys = await http.GetFromJsonAsync<JsonElement>(metadata.GetProperty("jwks_uri").GetString());
        return [.. keys.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("kid").GetString()!)];
    }
}
