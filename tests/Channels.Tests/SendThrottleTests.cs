using LiveChat.Channels.Tests.Support;

namespace LiveChat.Channels.Tests;

public sealed class SendThrottleTests
{
    [Fact]
    public async Task SendsBeyondTheConfiguredRateWaitForTheNextSecond()
    {
        using var graph = ApiMock.Start();
        graph.On("*", StubResponse.Json("""{ "messages": [{ "id": "wamid.X" }] }"""));
        await using var host = await MetaHost.StartAsync(MetaHost.AllChannels(graph.BaseUri, s => s["Channels:WhatsApp:MessagesPerSecond"] = "2"));
        var sender = host.Sender("whatsapp");

        var started = DateTimeOffset.UtcNow;
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ =>
            sender.SendAsync(Outbound.Text("16505551234", "hi", host.Clock.Now), CancellationToken.None)));

        Assert.All(outcomes, o => Assert.IsType<SendOutcome.Sent>(o));
        Assert.True(DateTimeOffset.UtcNow - started >= TimeSpan.FromMilliseconds(500), "the third send did not wait for a token");
    }
}
