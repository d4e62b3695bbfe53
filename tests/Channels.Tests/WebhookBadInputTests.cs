using LiveChat.Channels.Tests.Support;

namespace LiveChat.Channels.Tests;

public sealed class WebhookBadInputTests
{
    [Fact]
    public async Task InvalidJsonAfterAValidSignatureIsABadRequest()
    {
        await using var host = await MetaHost.StartAsync();

        using var response = await host.PostSignedAsync("whatsapp", """{ "object": "whatsapp_business_account", "entry": [ """);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Empty(host.Inbox.Batches);
    }

    [Theory]
    [InlineData("whatsapp", """{ "object": "page", "entry": [] }""")]
    [InlineData("messenger", """{ "object": "whatsapp_business_account", "entry": [] }""")]
    [InlineData("instagram", """{ "object": "page", "entry": [{ "id": "1", "messaging": [{ "sender": { "id": "2" }, "recipient": { "id": "1" }, "message": { "mid": "m", "text": "x" } }] }] }""")]
    public async Task NotificationForAnotherProductIsAcknowledgedAndIgnored(string channel, string body)
    {
        await using var host = await MetaHost.StartAsync();

        using var response = await host.PostSignedAsync(channel, body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(host.Inbox.Batches);
    }

    [Fact]
    public async Task UnknownOrIncompleteMessagesAreSkippedWhileTheRestIsStored()
    {
        await using var host = await MetaHost.StartAsync();
        var body = Payloads.WhatsAppMessages(
            Payloads.WhatsAppMessage("text", """{ "body": "keep me" }""", "wamid.GOOD"),
            """{ "from": "16505551234", "id": "wamid.ORDER", "timestamp": "1744344496", "type": "order", "order": { "catalog_id": "1" } }""",
            """{ "from": "16505551234", "timestamp": "1744344496", "type": "text", "text": { "body": "no id" } }""",
            """{ "from": "16505551234", "id": "wamid.NOBODY", "timestamp": "1744344496", "type": "image" }""",
            """{ "from": "16505551234", "id": "wamid.WRONGSHAPE", "timestamp": "1744344496", "type": "text", "text": 5 }""",
            "42",
            Payloads.WhatsAppMessage("text", """{ "body": "me too" }""", "wamid.GOOD2"));

        using var response = await host.PostSignedAsync("whatsapp", body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["wamid.GOOD", "wamid.GOOD2"], host.Inbox.SingleBatch().Items.Select(i => i.ExternalId));
    }

    [Fact]
    public async Task UnknownMessagingEventsAreSkippedWhileTheRestIsStored()
    {
        await using var host = await MetaHost.StartAsync();
        var body = Payloads.Messaging("page", MetaHost.PageId,
            Payloads.FromCustomer(MetaHost.PageId, """ "optin": { "ref": "x" } """),
            Payloads.FromCustomer(MetaHost.PageId, """ "message": { "mid": "m_UNSENT", "is_deleted": true } """),
            Payloads.FromCustomer(MetaHost.PageId, """ "message": { "text": "no mid" } """),
            Payloads.FromCustomer(MetaHost.PageId, """ "message": { "mid": "m_OK", "text": "stored" } """));

        using var response = await host.PostSignedAsync("messenger", body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("m_OK", host.Inbox.SingleItem().ExternalId);
    }

    [Fact]
    public async Task TenMegabyteBodyIsRefusedAsTooLarge()
    {
        await using var host = await MetaHost.StartAsync();
        var body = new byte[10 * 1024 * 1024];
        Array.Fill(body, (byte)' ');

        using var response = await host.PostSignedAsync("whatsapp", body);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Empty(host.Inbox.Batches);
    }

    [Fact]
    public async Task OversizedChunkedBodyIsRefusedWithoutAContentLength()
    {
        await using var host = await MetaHost.StartAsync();
        var body = new byte[MetaWebhookEndpoints.MaxBodyBytes + 1];
        Array.Fill(body, (byte)' ');
        using var request = new HttpRequestMessage(HttpMethod.Post, "webhooks/whatsapp") { Content = new StreamContent(new MemoryStream(body)) };
        request.Headers.TransferEncodingChunked = true;
        request.Headers.TryAddWithoutValidation(MetaSignature.HeaderName, MetaSignature.Compute(MetaHost.WhatsAppSecret, body));

        using var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Empty(host.Inbox.Batches);
    }

    [Fact]
    public async Task InboxFailureIsNotAcknowledgedSoMetaRedelivers()
    {
        await using var host = await MetaHost.StartAsync();
        host.Inbox.FailWith = new InvalidOperationException("database down");

        using var response = await host.PostSignedAsync("whatsapp", Payloads.WhatsAppText);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
    }
}
