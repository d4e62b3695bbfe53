using LiveChat.Gateway.Tests.DirectLine;
using LiveChat.Gateway.Tests.Routing;

namespace LiveChat.Gateway.Tests.Bots;

/// <summary>
/// tests/interop/echo-bot.js (botbuilder 4.23, anonymous CloudAdapter) fronting this gateway's WhatsApp and web widget
/// chats; <see cref="Arguments"/> selects its mode.
/// </summary>
public class JsBotFixture : DirectLineFixture
{
    public NodeBot Bot { get; private set; } = null!;

    protected virtual string[] Arguments => [];

    private int Port { get; set; }

    protected override IDictionary<string, string?> Settings
    {
        get
        {
            var settings = base.Settings;
            settings["Bots:JsEcho:Endpoint"] = $"http://127.0.0.1:{Port}/api/messages";
            settings["Bots:JsEcho:Anonymous"] = "true";
            settings["Bots:JsEcho:Channels:0"] = "whatsapp";
            settings["Bots:JsEcho:Channels:1"] = "webchat";
            settings["BotDelivery:RetryDelay"] = "00:00:00.050";
            return settings;
        }
    }

    public override async Task InitializeAsync()
    {
        Bot = NodeBot.Start("echo-bot.js", Arguments);
        Port = (await Bot.WaitForAsync(e => e.GetProperty("event").GetString() == "listening")).GetProperty("port").GetInt32();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Bot.Dispose();
    }

    /// <summary>What echo-bot.js says when a customer joins.</summary>
    public static string Welcome(string name) => $"Welcome, {name}! I am the echo bot; write \"human\" for a person.";

    /// <summary>The text of every message the visitor got, in order.</summary>
    public static List<string> Texts(IEnumerable<JsonElement> activities) =>
        [.. activities.Where(a => a.GetProperty("type").GetString() == "message").Select(a => a.GetProperty("text").GetString()!)];

    public static async Task<JsonElement> WaitForMessageAsync(OperatorClient admin, string chatId, string text)
    {
        return await Eventually.Until(
            $"'{text}' in the transcript of {chatId}",
            async () => (await admin.Http.GetFromJsonAsync<JsonElement>($"/api/v1/chats/{chatId}/messages")).EnumerateArray().FirstOrDefault(m => m.GetProperty("text").GetString() == text),
            found => found.ValueKind == JsonValueKind.Object);
    }

    public static async Task<JsonElement> WaitForStateAsync(OperatorClient admin, string chatId, string state)
    {
        return await Eventually.Until(
            $"chat {chatId} to be {state}",
            () => admin.Http.GetFromJsonAsync<JsonElement>($"/api/v1/chats/{chatId}"),
            chat => chat.GetProperty("state").GetString() == state);
    }

    public static bool Received(JsonElement line, string type, string? text = null) =>
        line.GetProperty("event").GetString() == "received" && line.GetProperty("type").GetString() == type
        && (text is null || line.GetProperty("text").GetString() == text);
}

/// <summary>The same bot started with --broken: its message handler throws, so CloudAdapter answers 500.</summary>
public sealed class BrokenJsBotFixture : JsBotFixture
{
    protected override string[] Arguments => ["--broken"];
}

public sealed class BotInteropTests(JsBotFixture fixture) : IClassFixture<JsBotFixture>
{
    [Fact]
    public async Task AJsBotFrameworkBotEchoesHandsOffOnRequestAndHearsThatAnOperatorAccepted()
    {
        var key = $"4790{Random.Shared.Next(1_000_000, 9_999_999)}";
        await fixture.App.Inbox.IngestAsync(new([Seed.CustomerText("whatsapp", key, "hi bot", name: "Ola")], []), CancellationToken.None);
        var received = await fixture.Bot.WaitForAsync(e => e.GetProperty("event").GetString() == "received" && e.GetProperty("text").GetString() == "hi bot");
        var chatId = received.GetProperty("conversationId").GetString()!;
        Assert.Equal(fixture.App.BaseAddress.ToString(), received.GetProperty("serviceUrl").GetString());
        var admin = await fixture.App.AdminAsync();
        var echo = await JsBotFixture.WaitForMessageAsync(admin, chatId, "Echo: hi bot");
        Assert.Equal("bot", echo.GetProperty("from").GetProperty("kind").GetString());

        await fixture.App.Inbox.IngestAsync(new([Seed.CustomerText("whatsapp", key, "human")], []), CancellationToken.None);
        await fixture.Bot.WaitForAsync(e => e.GetProperty("event").GetString() == "handoffSent");
        await JsBotFixture.WaitForMessageAsync(admin, chatId, "Connecting you to a human.");
        var chat = await JsBotFixture.WaitForStateAsync(admin, chatId, "queued");
        var agent = await fixture.App.OnlineAsync(admin, "supervisor", chat.GetProperty("departmentId").GetString()!);
        (await agent.Http.PostAsync($"/api/v1/chats/{chatId}/pickup", null)).EnsureSuccessStatusCode();

        var status = await fixture.Bot.WaitForAsync(e => e.GetProperty("event").GetString() == "received" && e.GetProperty("name").GetString() == "handoff.status");
        Assert.Equal("accepted", status.GetProperty("value").GetProperty("state").GetString());
        Assert.Equal(chatId, status.GetProperty("conversationId").GetString());
        Assert.Empty(fixture.Bot.Seen(e => e.GetProperty("event").GetString() is "turnError" or "processError"));
    }

    [Fact]
    public async Task AJsBotWelcomesTheVisitorWhenTheChatOpensBeforeAnsweringTheFirstMessage()
    {
        var (conversationId, token, _) = await fixture.StartAsync("Ada");

        await fixture.PostAsync(conversationId, token, new { type = "message", text = "hi there", from = new { id = "r_user1", name = "Ada" } });

        var seen = await fixture.PollUntilAsync(conversationId, token, a => a.TryGetProperty("text", out var t) && t.GetString() == "Echo: hi there");
        Assert.Equal(
            ["hi there", JsBotFixture.Welcome("Ada"), "Echo: hi there"],
            JsBotFixture.Texts(seen));
        var chatId = await fixture.ChatIdAsync(conversationId);
        var update = await fixture.Bot.WaitForAsync(e => JsBotFixture.Received(e, "conversationUpdate") && e.GetProperty("conversationId").GetString() == chatId);
        Assert.Equal(2, update.GetProperty("membersAdded").GetArrayLength());
        Assert.Equal("webchat", update.GetProperty("channelId").GetString());
        Assert.Empty(fixture.Bot.Seen(e => e.GetProperty("event").GetString() is "turnError" or "processError"));
    }
}
