using LiveChat.Channels.Tests.Support;

namespace LiveChat.Channels.Tests;

public sealed class WebhookSignatureTests
{
    [Fact]
    public void SignatureMatchesPublishedTestVectors()
    {
        Assert.Equal(
            "sha256=0329a06b62cd16b33eb6792be8c60b158d89a2ee3a876fce9a881ebb488c0914",
            MetaSignature.Compute("secret", "test"u8));
        Assert.True(MetaSignature.IsValid(
            "sha256=dec6a680679a968e7e0319355b23599cbfc54502c0784668e9618baa0c633756",
            """{"object":"whatsapp_business_account","entry":[]}"""u8,
            "test_app_secret"));
        Assert.True(MetaSignature.IsValid("sha256=0329A06B62CD16B33EB6792BE8C60B158D89A2EE3A876FCE9A881EBB488C0914", "test"u8, "secret"));
        Assert.False(MetaSignature.IsValid("sha256=0329a06b62cd16b33eb6792be8c60b158d89a2ee3a876fce9a881ebb488c0914", "test "u8, "secret"));
        Assert.False(MetaSignature.IsValid("sha1=0329a06b62cd16b33eb6792be8c60b158d89a2ee", "test"u8, "secret"));
        Assert.False(MetaSignature.IsValid("sha256=zz", "test"u8, "secret"));
    }

    [Fact]
    public async Task PublishedVectorIsAcceptedByTheEndpoint()
    {
        await using var host = await MetaHost.StartAsync(MetaHost.AllChannels(tweak: s => s["Channels:WhatsApp:AppSecret"] = "test_app_secret"));

        using var response = await host.PostAsync(
            "whatsapp",
            """{"object":"whatsapp_business_account","entry":[]}"""u8.ToArray(),
            "sha256=dec6a680679a968e7e0319355b23599cbfc54502c0784668e9618baa0c633756");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(host.Inbox.Batches);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("sha256=")]
    [InlineData("sha256=0329a06b62cd16b33eb6792be8c60b158d89a2ee3a876fce9a881ebb488c0914")]
    public async Task RejectsWebhookWithMissingOrInvalidSignatureAndStoresNothing(string? signature)
    {
        await using var host = await MetaHost.StartAsync();

        using var response = await host.PostAsync("whatsapp", Encoding.UTF8.GetBytes(Payloads.WhatsAppText), signature);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Empty(host.Inbox.Batches);
    }

    [Fact]
    public async Task RejectsSignatureMadeWithAnotherChannelsSecret()
    {
        await using var host = await MetaHost.StartAsync();

        using var response = await host.PostSignedAsync("whatsapp", Payloads.WhatsAppText, MetaHost.MessengerSecret);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(host.Inbox.Batches);
    }

    [Fact]
    public async Task RejectsBodyChangedAfterSigning()
    {
        await using var host = await MetaHost.StartAsync();
        var signature = MetaSignature.Compute(MetaHost.WhatsAppSecret, Encoding.UTF8.GetBytes(Payloads.WhatsAppText));
        var tampered = Payloads.WhatsAppText.Replace("another color", "a discount", StringComparison.Ordinal);

        using var response = await host.PostAsync("whatsapp", Encoding.UTF8.GetBytes(tampered), signature);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(host.Inbox.Batches);
    }

    [Fact]
    public async Task NonAsciiBodyVerifiesOnTheBytesAsReceived()
    {
        await using var host = await MetaHost.StartAsync();
        const string text = "Привет 👋 ¿tenéis café? 日本語";
        var body = Payloads.WhatsAppMessages(Payloads.WhatsAppMessage("text", $$"""{ "body": "{{text}}" }"""));

        using var response = await host.PostSignedAsync("whatsapp", Encoding.UTF8.GetBytes(body));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(text, host.Inbox.SingleItem().Activity.Text);
    }

    [Fact]
    public async Task EscapedUnicodeIsSignedAsSentNotAsDecoded()
    {
        await using var host = await MetaHost.StartAsync();
        // Meta escapes non-ASCII as \uXXXX; the signature covers the escaped bytes.
        var body = Payloads.WhatsAppMessages(Payloads.WhatsAppMessage("text", """{ "body": "caf\u00e9 \ud83d\udc4b" }"""));

        using var response = await host.PostSignedAsync("whatsapp", Encoding.UTF8.GetBytes(body));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("café 👋", host.Inbox.SingleItem().Activity.Text);
    }
}
