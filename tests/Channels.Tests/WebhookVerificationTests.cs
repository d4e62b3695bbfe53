using LiveChat.Channels.Tests.Support;

namespace LiveChat.Channels.Tests;

public sealed class WebhookVerificationTests
{
    [Theory]
    [InlineData("whatsapp", "wa-verify")]
    [InlineData("messenger", "ms-verify")]
    [InlineData("instagram", "ig-verify")]
    public async Task RightVerifyTokenEchoesTheChallengeAsPlainText(string channel, string token)
    {
        await using var host = await MetaHost.StartAsync();

        using var response = await host.Client.GetAsync($"webhooks/{channel}?hub.mode=subscribe&hub.verify_token={token}&hub.challenge=1158201444");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("1158201444", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("whatsapp", "hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1158201444")]
    [InlineData("whatsapp", "hub.mode=unsubscribe&hub.verify_token=wa-verify&hub.challenge=1158201444")]
    [InlineData("messenger", "hub.mode=subscribe&hub.verify_token=wa-verify&hub.challenge=1158201444")]
    [InlineData("instagram", "hub.mode=subscribe&hub.challenge=1158201444")]
    public async Task WrongVerifyTokenOrModeIsForbidden(string channel, string query)
    {
        await using var host = await MetaHost.StartAsync();

        using var response = await host.Client.GetAsync($"webhooks/{channel}?{query}");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.DoesNotContain("1158201444", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DisabledChannelWebhooksAnswerNotFound()
    {
        var onlyWhatsApp = MetaHost.AllChannels(tweak: s =>
        {
            foreach (var key in s.Keys.Where(k => !k.StartsWith("Channels:WhatsApp", StringComparison.Ordinal)).ToList())
            {
                s.Remove(key);
            }
        });
        await using var host = await MetaHost.StartAsync(onlyWhatsApp);

        using var verify = await host.Client.GetAsync("webhooks/messenger?hub.mode=subscribe&hub.verify_token=ms-verify&hub.challenge=1");
        using var notify = await host.PostSignedAsync("instagram", Payloads.Messaging("instagram", MetaHost.AccountId));
        using var enabled = await host.Client.GetAsync("webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=wa-verify&hub.challenge=1");

        Assert.Equal(HttpStatusCode.NotFound, verify.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, notify.StatusCode);
        Assert.Equal(HttpStatusCode.OK, enabled.StatusCode);
        Assert.Empty(host.Inbox.Batches);
    }
}
