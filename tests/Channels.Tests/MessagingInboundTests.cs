using LiveChat.Channels.Tests.Support;

namespace LiveChat.Channels.Tests;

public sealed class MessagingInboundTests
{
    private const string PageId = MetaHost.PageId;
    private const string Psid = Payloads.Psid;

    private static async Task<InboundBatch> PostAsync(MetaHost host, string channel, string body)
    {
        using var response = await host.PostSignedAsync(channel, body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return host.Inbox.SingleBatch();
    }

    [Fact]
    public async Task MessengerTextBecomesAnActivityOnThePsidConversation()
    {
        await using var host = await MetaHost.StartAsync();

        var batch = await PostAsync(host, "messenger", Payloads.Messaging("page", PageId,
            Payloads.FromCustomer(PageId, """ "message": { "mid": "mid.1457764197618:41d102a3e1ae206a38", "text": "hello, world!" } """)));

        var item = Assert.Single(batch.Items);
        Assert.Equal("messenger", item.Channel);
        Assert.Equal("mid.1457764197618:41d102a3e1ae206a38", item.ExternalId);
        Assert.Equal(Psid, item.ConversationKey);
        Assert.Equal(InboundDirection.FromCustomer, item.Direction);
        Assert.Null(item.Visitor.Name);
        var activity = item.Activity;
        Assert.Equal(ActivityTypes.Message, activity.Type);
        Assert.Null(activity.Id);
        Assert.Equal("messenger", activity.ChannelId);
        Assert.Equal("hello, world!", activity.Text);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1458692752478), activity.Timestamp);
        Assert.Equal(new ChannelAccount { Id = $"messenger:{Psid}", Role = "user" }, activity.From);
        Assert.Equal(Psid, activity.Conversation?.Id);
        Assert.Equal(PageId, activity.Recipient?.Id);
        Assert.Equal(Psid, activity.ChannelData?.GetProperty("sender").GetProperty("id").GetString());
    }

    [Fact]
    public async Task AttachmentsKeepTheirKindAndUrl()
    {
        await using var host = await MetaHost.StartAsync();

        var batch = await PostAsync(host, "messenger", Payloads.Messaging("page", PageId, Payloads.FromCustomer(PageId, """
            "message": { "mid": "mid.$cAAJdkrCd2ORnva8ErFhjGm0X_Q_c", "attachments": [
              { "type": "image", "payload": { "url": "https://scontent.xx.fbcdn.net/v/photo.jpg" } },
              { "type": "file", "payload": { "url": "https://cdn.fbsbx.com/v/manual.pdf" } },
              { "type": "sticker", "payload": { "url": "https://scontent.xx.fbcdn.net/v/sticker.png", "sticker_id": 369239263222822 } } ] }
            """)));

        var activity = Assert.Single(batch.Items).Activity;
        Assert.Null(activity.Text);
        Assert.Equal(
            [("image/*", "https://scontent.xx.fbcdn.net/v/photo.jpg"), ("application/octet-stream", "https://cdn.fbsbx.com/v/manual.pdf"), ("image/*", "https://scontent.xx.fbcdn.net/v/sticker.png")],
            activity.Attachments!.Select(a => (a.ContentType, a.ContentUrl)));
    }

    [Fact]
    public async Task QuickReplyPayloadIsTheValueAndReplyToIsKept()
    {
        await using var host = await MetaHost.StartAsync();

        var batch = await PostAsync(host, "messenger", Payloads.Messaging("page", PageId, Payloads.FromCustomer(PageId, """
            "message": { "mid": "m_QR", "text": "Red", "quick_reply": { "payload": "COLOR_RED" }, "reply_to": { "mid": "m_OURS" } }
            """)));

        var activity = Assert.Single(batch.Items).Activity;
        Assert.Equal("Red", activity.Text);
        Assert.Equal("COLOR_RED", activity.Value?.GetString());
        Assert.Equal("m_OURS", activity.ReplyToId);
    }

    [Fact]
    public async Task PostbackBecomesAMessageWithTitleAndPayload()
    {
        await using var host = await MetaHost.StartAsync();

        var batch = await PostAsync(host, "messenger", Payloads.Messaging("page", PageId, Payloads.FromCustomer(PageId, """
            "postback": { "mid": "m_MESSAGE-ID", "title": "TITLE-FOR-THE-CTA", "payload": "USER-DEFINED-PAYLOAD",
                          "referral": { "ref": "x", "source": "SHORT-URL", "type": "OPEN_THREAD" } }
            """, timestamp: 1527459824)));

        var item = Assert.Single(batch.Items);
        Assert.Equal("m_MESSAGE-ID", item.ExternalId);
        Assert.Equal(ActivityTypes.Message, item.Activity.Type);
        Assert.Equal("TITLE-FOR-THE-CTA", item.Activity.Text);
        Assert.Equal("USER-DEFINED-PAYLOAD", item.Activity.Value?.GetString());
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1527459824), item.Activity.Timestamp);
    }

    [Theory]
    [InlineData("messenger", "page", PageId)]
    [InlineData("instagram", "instagram", MetaHost.AccountId)]
    public async Task EchoIsHandedOverAsTheBusinessesMessageOnTheCustomersConversation(string channel, string @object, string businessId)
    {
        await using var host = await MetaHost.StartAsync();

        var batch = await PostAsync(host, channel, Payloads.Messaging(@object, businessId, $$"""
            { "sender": { "id": "{{businessId}}" }, "recipient": { "id": "{{Psid}}" }, "timestamp": 1457764197627,
              "message": { "is_echo": true, "app_id": 1517776481860111, "metadata": "<DEV_METADATA>",
                           "mid": "mid.1457764197618:41d102a3e1ae206a38", "text": "hi" } }
            """));

        var item = Assert.Single(batch.Items);
        Assert.Equal(InboundDirection.EchoFromBusiness, item.Direction);
        Assert.Equal(Psid, item.ConversationKey);
        Assert.Equal("hi", item.Activity.Text);
        Assert.Equal(businessId, item.Activity.From?.Id);
        Assert.Equal($"{channel}:{Psid}", item.Activity.Recipient?.Id);
        Assert.Equal(Psid, item.Activity.Conversation?.Id);
    }

    [Fact]
    public async Task DeliveredMidsBecomeDeliveryUpdatesAndWatermarkOnlyDeliveriesAreSkipped()
    {
        await using var host = await MetaHost.StartAsync();

        var batch = await PostAsync(host, "messenger", Payloads.Messaging("page", PageId,
            $$"""{ "sender": { "id": "{{Psid}}" }, "recipient": { "id": "{{PageId}}" }, "delivery": { "mids": ["mid.1458668856218:ed81099e15d3f4f233", "mid.2"], "watermark": 1458668856253 } }""",
            $$"""{ "sender": { "id": "{{Psid}}" }, "recipient": { "id": "{{PageId}}" }, "delivery": { "watermark": 1458668856999 } }"""));

        Assert.Empty(batch.Items);
        Assert.Equal(
            [
                new DeliveryUpdate("messenger", "mid.1458668856218:ed81099e15d3f4f233", DeliveryState.Delivered, DateTimeOffset.FromUnixTimeMilliseconds(1458668856253)),
                new DeliveryUpdate("messenger", "mid.2", DeliveryState.Delivered, DateTimeOffset.FromUnixTimeMilliseconds(1458668856253)),
            ],
            batch.Deliveries);
    }

    [Fact]
    public async Task ReadWatermarkBecomesAReadReceiptForTheConversation()
    {
        await using var host = await MetaHost.StartAsync();

        var batch = await PostAsync(host, "messenger", Payloads.Messaging("page", PageId,
            $$"""{ "sender": { "id": "{{Psid}}" }, "recipient": { "id": "{{PageId}}" }, "timestamp": 1458668856463, "read": { "watermark": 1458668856253 } }"""));

        Assert.Empty(batch.Items);
        Assert.Empty(batch.Deliveries);
        Assert.Equal([new ReadReceipt("messenger", Psid, DateTimeOffset.FromUnixTimeMilliseconds(1458668856253))], batch.ReadReceipts);
    }

    [Fact]
    public async Task InstagramTextAndSeenReceiptAreMapped()
    {
        await using var host = await MetaHost.StartAsync();
        const string account = MetaHost.AccountId;

        var batch = await PostAsync(host, "instagram", Payloads.Messaging("instagram", account,
            $$"""{ "sender": { "id": "{{Psid}}" }, "recipient": { "id": "{{account}}" }, "timestamp": 1661141837000, "message": { "mid": "aWdfZAG1faXRlbTox", "text": "hello" } }""",
            $$"""{ "sender": { "id": "{{Psid}}" }, "recipient": { "id": "{{account}}" }, "timestamp": 1661141839000, "read": { "mid": "aWdfOURS" } }"""));

        var item = Assert.Single(batch.Items);
        Assert.Equal("instagram", item.Channel);
        Assert.Equal("instagram", item.Activity.ChannelId);
        Assert.Equal($"instagram:{Psid}", item.Activity.From?.Id);
        Assert.Equal("hello", item.Activity.Text);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1661141837000), item.Activity.Timestamp);
        Assert.Equal([new DeliveryUpdate("instagram", "aWdfOURS", DeliveryState.Read, DateTimeOffset.FromUnixTimeMilliseconds(1661141839000))], batch.Deliveries);
    }

    [Fact]
    public async Task StandbyEventsAreStoredLikeMessagingEvents()
    {
        await using var host = await MetaHost.StartAsync();
        var body = $$"""
            { "object": "page", "entry": [{ "id": "{{PageId}}", "time": 1458692752478, "standby": [
              { "sender": { "id": "{{Psid}}" }, "recipient": { "id": "{{PageId}}" }, "timestamp": 1458692752478, "message": { "mid": "m_STANDBY", "text": "anyone?" } } ] }] }
            """;

        var batch = await PostAsync(host, "messenger", body);

        Assert.Equal("anyone?", Assert.Single(batch.Items).Activity.Text);
    }

    [Fact]
    public async Task ReactionBecomesMessageReaction()
    {
        await using var host = await MetaHost.StartAsync();

        var batch = await PostAsync(host, "messenger", Payloads.Messaging("page", PageId, Payloads.FromCustomer(PageId, """
            "reaction": { "mid": "m_OURS", "action": "react", "reaction": "love", "emoji": "❤️" }
            """)));

        var activity = Assert.Single(batch.Items).Activity;
        Assert.Equal(ActivityTypes.MessageReaction, activity.Type);
        Assert.Equal("m_OURS", activity.ReplyToId);
        Assert.Equal("❤️", activity.Properties!["reactionsAdded"][0].GetProperty("type").GetString());
    }

    [Fact]
    public async Task SeveralEntriesAreOneIngest()
    {
        await using var host = await MetaHost.StartAsync();
        var body = $$"""
            { "object": "page", "entry": [
              { "id": "{{PageId}}", "time": 1, "messaging": [{ "sender": { "id": "A" }, "recipient": { "id": "{{PageId}}" }, "timestamp": 1458692752478, "message": { "mid": "m_1", "text": "one" } }] },
              { "id": "{{PageId}}", "time": 2, "messaging": [{ "sender": { "id": "B" }, "recipient": { "id": "{{PageId}}" }, "timestamp": 1458692752479, "message": { "mid": "m_2", "text": "two" } }] } ] }
            """;

        var batch = await PostAsync(host, "messenger", body);

        Assert.Equal([("A", "one"), ("B", "two")], batch.Items.Select(i => (i.ConversationKey, i.Activity.Text)));
    }
}
