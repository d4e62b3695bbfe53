using LiveChat.Channels.Tests.Support;

namespace LiveChat.Channels.Tests;

public sealed class PageSenderTests
{
    private const string MessengerRoute = $"POST /v23.0/{MetaHost.PageId}/messages";
    private const string InstagramRoute = $"POST /v23.0/{MetaHost.AccountId}/messages";

    private static async Task<(ApiMock Graph, MetaHost Host)> StartAsync(bool humanAgentTag = false)
    {
        var graph = ApiMock.Start();
        graph.On(MessengerRoute, StubResponse.Json($$"""{ "recipient_id": "{{Payloads.Psid}}", "message_id": "m_AG5Hz2U" }"""));
        graph.On(InstagramRoute, StubResponse.Json($$"""{ "recipient_id": "{{Payloads.Psid}}", "message_id": "aWdfZAG1faXRlbTpJR01" }"""));
        var host = await MetaHost.StartAsync(MetaHost.AllChannels(graph.BaseUri, s =>
        {
            s["Channels:Messenger:UseHumanAgentTag"] = humanAgentTag.ToString();
            s["Channels:Instagram:UseHumanAgentTag"] = humanAgentTag.ToString();
        }));
        return (graph, host);
    }

    [Theory]
    [InlineData("messenger", MessengerRoute, MetaHost.PageToken, "m_AG5Hz2U")]
    [InlineData("instagram", InstagramRoute, MetaHost.InstagramToken, "aWdfZAG1faXRlbTpJR01")]
    public async Task SendsAResponseToTheCustomer(string channel, string route, string token, string messageId)
    {
        var (graph, host) = await StartAsync();
        using var _ = graph;
        await using var __ = host;

        var outcome = await host.Sender(channel).SendAsync(
            Outbound.Text(Payloads.Psid, "hello, world", host.Clock.Now.AddHours(-2)), CancellationToken.None);

        Assert.Equal(new SendOutcome.Sent(messageId), outcome);
        var request = Assert.Single(graph.RequestsTo(route));
        Assert.Equal($"Bearer {token}", request.Header("Authorization"));
        Assert.Empty(request.Query);
        var body = request.Json();
        Assert.Equal(["message", "messaging_type", "recipient"], body.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(Payloads.Psid, body.Str("recipient", "id"));
        Assert.Equal("RESPONSE", body.Str("messaging_type"));
        Assert.Equal("hello, world", body.Str("message", "text"));
    }

    [Theory]
    [InlineData("messenger", MessengerRoute)]
    [InlineData("instagram", InstagramRoute)]
    public async Task HumanAgentReplyBetweenOneAndSevenDaysUsesTheHumanAgentTag(string channel, string route)
    {
        var (graph, host) = await StartAsync(humanAgentTag: true);
        using var _ = graph;
        await using var __ = host;

        var outcome = await host.Sender(channel).SendAsync(
            Outbound.Text(Payloads.Psid, "Sorry for the wait", host.Clock.Now.AddDays(-3), fromHumanAgent: true), CancellationToken.None);

        Assert.IsType<SendOutcome.Sent>(outcome);
        var body = Assert.Single(graph.RequestsTo(route)).Json();
        Assert.Equal("MESSAGE_TAG", body.Str("messaging_type"));
        Assert.Equal("HUMAN_AGENT", body.Str("tag"));
    }

    [Fact]
    public async Task LateReplyWithoutTheTagIsRefusedWithoutCallingGraph()
    {
        var (graph, host) = await StartAsync(humanAgentTag: false);
        using var _ = graph;
        await using var __ = host;

        var outcome = await host.Sender("messenger").SendAsync(
            Outbound.Text(Payloads.Psid, "Sorry for the wait", host.Clock.Now.AddDays(-3), fromHumanAgent: true), CancellationToken.None);

        var failed = Assert.IsType<SendOutcome.Failed>(outcome);
        Assert.Equal("reply_window_closed", failed.Code);
        Assert.Contains("HUMAN_AGENT", failed.Reason, StringComparison.Ordinal);
        Assert.Empty(graph.Requests);
    }

    [Fact]
    public async Task OutsideWindowGraphErrorIsFailedWithGraphsMessage()
    {
        var (graph, host) = await StartAsync();
        using var _ = graph;
        await using var __ = host;
        graph.On(MessengerRoute, StubResponse.Json("""
            { "error": { "message": "(#10) This message is sent outside of allowed window.", "type": "OAuthException", "code": 10, "error_subcode": 2018278, "fbtrace_id": "B2" } }
            """, HttpStatusCode.BadRequest));

        var outcome = await host.Sender("messenger").SendAsync(Outbound.Text(Payloads.Psid, "hi"), CancellationToken.None);

        Assert.Equal(new SendOutcome.Failed("10", "(#10) This message is sent outside of allowed window."), outcome);
    }

    [Fact]
    public async Task AttachmentIsSentAsAReusableLink()
    {
        var (graph, host) = await StartAsync();
        using var _ = graph;
        await using var __ = host;

        await host.Sender("instagram").SendAsync(
            Outbound.WithAttachment(Payloads.Psid, null, "image/jpeg", "https://cdn.example.com/p.jpg"), CancellationToken.None);

        var message = Assert.Single(graph.RequestsTo(InstagramRoute)).Json().GetProperty("message");
        Assert.Equal("image", message.Str("attachment", "type"));
        Assert.Equal("https://cdn.example.com/p.jpg", message.Str("attachment", "payload", "url"));
        Assert.True(message.GetProperty("attachment").GetProperty("payload").GetProperty("is_reusable").GetBoolean());
    }
}
