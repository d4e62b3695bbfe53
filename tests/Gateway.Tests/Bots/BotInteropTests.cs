using LiveChat.Gateway.Tests.Routing;

namespace LiveChat.Gateway.Tests.Bots;

/// <summary>tests/interop/echo-bot.js (botbuilder 4.23, anonymous CloudAdapter) fronting this gateway's WhatsApp chats.</summary>
public sealed class JsBotFixture : GatewayFixture
{
    public NodeBot Bot { get; private set; } = null!;

    private int Port { get; set; }

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Bots:JsEcho:Endpoint"] = $"http://127.0.0.1:{Port}/api/messages",
        ["Bots:JsEcho:Anonymous"] = "true",
        ["Bots:JsEcho:Channels:0"] = "whatsapp",
    };

    public override async Task InitializeAsync()
    {
        Bot = NodeBot.Start("echo-bot.js");
        Port = (await Bot.WaitForAsync(e => e.GetProperty("event").GetString() == "listening")).GetProperty("port").GetInt32();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Bot.Dispose();
    }
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
        var echo = await WaitForMessageAsync(admin, chatId, "Echo: hi bot");
        Assert.Equal("bot", echo.GetProperty("from").GetProperty("kind").GetString());

        await fixture.App.Inbox.IngestAsync(new([Seed.CustomerText("whatsapp", key, "human")], []), CancellationToken.None);
        await fixture.Bot.WaitForAsync(e => e.GetProperty("event").GetString() == "handoffSent");
        await WaitForMessageAsync(admin, chatId, "Connecting you to a human.");
        var chat = await WaitForStateAsync(admin, chatId, "queued");
        var agent = await fixture.App.OnlineAsync(admin, "supervisor", chat.GetProperty("departmentId").GetString()!);
        (await agent.Http.PostAsync($"/api/v1/chats/{chatId}/pickup", null)).EnsureSuccessStatusCode();

        var status = await fixture.Bot.WaitForAsync(e => e.GetProperty("event").GetString() == "received" && e.GetProperty("name").GetString() == "handoff.status");
        Assert.Equal("accepted", status.GetProperty("value").GetProperty("state").GetString());
        Assert.Equal(chatId, status.GetProperty("conversationId").GetString());
        Assert.Empty(fixture.Bot.Seen(e => e.GetProperty("event").GetString() is "turnError" or "processError"));
    }

    private static async Task<JsonElement> WaitForMessageAsync(OperatorClient admin, string chatId, string text)
    {
        for (var i = 0; i < 200; i++)
        {
            var messages = await admin.Http.GetFromJsonAsync<JsonElement>($"/api/v1/chats/{chatId}/messages");
            var found = messages.EnumerateArray().FirstOrDefault(m => m.GetProperty("text").GetString() == text);
            if (found.ValueKind == JsonValueKind.Object)
            {
                return found;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"'{text}' never reached the transcript of {chatId}.");
    }

    private static async Task<JsonElement> WaitForStateAsync(OperatorClient admin, string chatId, string state)
    {
        for (var i = 0; i < 200; i++)
        {
            var chat = await admin.Http.GetFromJsonAsync<JsonElement>($"/api/v1/chats/{chatId}");
            if (chat.GetProperty("state").GetString() == state)
            {
                return chat;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"Chat {chatId} never became {state}.");
    }
}
