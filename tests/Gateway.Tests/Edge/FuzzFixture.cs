using LiveChat.Gateway.Tests.Bots;

namespace LiveChat.Gateway.Tests.Edge;

/// <summary>The edge gateway plus a bot fronting Messenger, so that the Bot Connector routes have a conversation to act on.</summary>
public sealed class FuzzFixture : EdgeFixture
{
    public const string BotName = "Fuzz";
    public const string BotSecret = "fuzz-bot-secret-0123456789abcdefghijkl";

    protected override IDictionary<string, string?> Extra => new Dictionary<string, string?>
    {
        ["Bots:Fuzz:Endpoint"] = $"{Graph.BaseUri.ToString().TrimEnd('/')}/api/messages",
        ["Bots:Fuzz:Secret"] = BotSecret,
        ["Bots:Fuzz:Channels:0"] = "messenger",
        ["Auth:LoginAttemptsPerMinute"] = "1000000",
    };

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Graph.On("POST /api/messages", StubResponse.Json("{}"));
    }

    public HttpClient Bot() => App.BotClient(BotName, BotSecret);
}
