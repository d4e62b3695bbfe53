using System.Net.Http.Headers;
using LiveChat.Channels.BotConnector;

namespace LiveChat.Gateway.Tests.Bots;

public static class BotClients
{
    /// <summary>An HTTP client calling the gateway's Connector API as bot <paramref name="name"/> (a token signed with its secret).</summary>
    public static HttpClient BotClient(this GatewayApp app, string name, string secret)
    {
        var client = app.Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Bearer", BotTokens.Create(name, BotTokens.Gateway, secret, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)));
        return client;
    }
}
