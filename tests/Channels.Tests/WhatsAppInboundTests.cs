using LiveChat.Channels.Tests.Support;

namespace LiveChat.Channels.Tests;

public sealed class WhatsAppInboundTests
{
    private static async Task<InboundItem> PostOneAsync(MetaHost host, string body)
    {
        using var response = await host.PostSignedAsync("whatsapp", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return host.Inbox.SingleItem();
    }

    [Fact]
    public async Task TextMessageBecomesAnActivityFromTheVisitor()
    {
        await using var host = await MetaHost.StartAsync();

        var item = await PostOneAsync(host, Payloads.WhatsAppText);

        Assert.Equal("whatsapp", item.Channel);
        Assert.Equal(Payloads.Wamid, item.ExternalId);
        Assert.Equal("16505551234", item.ConversationKey);
        Assert.Equal(InboundDirection.FromCustomer, item.Direction);
        Assert.Equal("Sheena Nelson", item.Visitor.Name);
        Assert.Equal("+16505551234", item.Visitor.Phone);
        var activity = item.Activity;
        Assert.Equal(ActivityTypes.Message, activity.Type);
        Assert.Null(activity.Id);
        Assert.Equal("whatsapp", activity.ChannelId);
        Assert.Equal("Does it come in another color?", activity.Text);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1749416383), activity.Timestamp);
        Assert.Equal(new ChannelAccount { Id = "whatsapp:16505551234", Name = "Sheena Nelson", Role = "user" }, activity.From);
        Assert.Equal("16505551234", activity.Conversation?.Id);
        Assert.Equal("106540352242922", activity.Recipient?.Id);
        Assert.Null(activity.ReplyToId);
        Assert.Equal(Payloads.Wamid, activity.ChannelData?.GetProperty("id").GetString());
        Assert.Equal("text", activity.ChannelData?.GetProperty("type").GetString());
    }

    [Fact]
    public async Task ReplyContextBecomesReplyToId()
    {
        await using var host = await MetaHost.StartAsync();

        var item = await PostOneAsync(host, Payloads.WhatsAppMessages(Payloads.WhatsAppMessage(
            "text", """{ "body": "This one" }""", extra: """, "context": { "from": "15550783881", "id": "wamid.OUR-EARLIER-MESSAGE" }""")));

        Assert.Equal("wamid.OUR-EARLIER-MESSAGE", item.Activity.ReplyToId);
        Assert.Equal("This one", item.Activity.Text);
    }

    [Fact]
    public async Task ImageKeepsTheMediaIdAsAnOnDemandReferenceAndTheCaptionAsText()
    {
        await using var host = await MetaHost.StartAsync();

        var item = await PostOneAsync(host, Payloads.WhatsAppMessages(Payloads.WhatsAppMessage("image", """
            { "caption": "Taj Mahal", "mime_type": "image/jpeg", "sha256": "SfInY0gGKTsJlUWbwxC1k+FAD0FZHvzwfpvO0zX0GUI=", "id": "1003383421387256" }
            """)));

        Assert.Equal("Taj Mahal", item.Activity.Text);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1744344496), item.Activity.Timestamp);
        var attachment = Assert.Single(item.Activity.Attachments!);
        Assert.Equal("image/jpeg", attachment.ContentType);
        Assert.Equal("media/whatsapp/1003383421387256", attachment.ContentUrl);
    }

    [Theory]
    [InlineData("document", """{ "filename": "invoice-42.pdf", "mime_type": "application/pdf", "id": "777" }""", "application/pdf", "invoice-42.pdf")]
    [InlineData("video", """{ "mime_type": "video/mp4", "id": "777" }""", "video/mp4", null)]
    [InlineData("audio", """{ "mime_type": "audio/ogg; codecs=opus", "id": "777", "voice": true }""", "audio/ogg; codecs=opus", null)]
    [InlineData("sticker", """{ "mime_type": "image/webp", "id": "777", "animated": false }""", "image/webp", null)]
    public async Task MediaMessagesBecomeAttachments(string type, string content, string contentType, string? name)
    {
        await using var host = await MetaHost.StartAsync();

        var item = await PostOneAsync(host, Payloads.WhatsAppMessages(Payloads.WhatsAppMessage(type, content)));

        var attachment = Assert.Single(item.Activity.Attachments!);
        Assert.Equal(contentType, attachment.ContentType);
        Assert.Equal("media/whatsapp/777", attachment.ContentUrl);
        Assert.Equal(name, attachment.Name);
        Assert.Null(item.Activity.Text);
    }

    [Fact]
    public async Task LocationBecomesReadableTextAndGeoCoordinates()
    {
        await using var host = await MetaHost.StartAsync();

        var item = await PostOneAsync(host, Payloads.WhatsAppMessages(Payloads.WhatsAppMessage("location", """
            { "latitude": 38.9, "longitude": -77.03, "name": "Philz Coffee", "address": "101 Forest Ave, Palo Alto" }
            """)));

        Assert.Equal("📍 Philz Coffee, 101 Forest Ave, Palo Alto (38.9, -77.03)", item.Activity.Text);
        var entity = Assert.Single(item.Activity.Entities!);
        Assert.Equal("GeoCoordinates", entity.GetProperty("type").GetString());
        Assert.Equal(38.9, entity.GetProperty("latitude").GetDouble());
        Assert.Equal(-77.03, entity.GetProperty("longitude").GetDouble());
    }

    [Fact]
    public async Task SharedContactsBecomeACardInText()
    {
        await using var host = await MetaHost.StartAsync();

        var item = await PostOneAsync(host, Payloads.WhatsAppMessages(Payloads.WhatsAppMessage("contacts", """
            [{ "name": { "formatted_name": "John Smith", "first_name": "John" },
               "phones": [{ "phone": "+1 (940) 555-1234", "wa_id": "19405551234", "type": "WORK" }],
               "emails": [{ "email": "john@example.com", "type": "WORK" }],
               "org": { "company": "Lucky Shrub" } }]
            """)));

        Assert.Equal("👤 John Smith\n📞 +1 (940) 555-1234 (WORK)\n✉️ john@example.com\n🏢 Lucky Shrub", item.Activity.Text);
    }

    [Theory]
    [InlineData("interactive", """{ "type": "button_reply", "button_reply": { "id": "yes-ship", "title": "Yes, ship it" } }""", "Yes, ship it", "yes-ship")]
    [InlineData("interactive", """{ "type": "list_reply", "list_reply": { "id": "size-m", "title": "Medium", "description": "Fits 38-40" } }""", "Medium", "size-m")]
    [InlineData("button", """{ "payload": "STOP_PROMOS", "text": "Stop promotions" }""", "Stop promotions", "STOP_PROMOS")]
    public async Task RepliesToButtonsAndListsCarryTheChoiceAsValue(string type, string content, string text, string value)
    {
        await using var host = await MetaHost.StartAsync();

        var item = await PostOneAsync(host, Payloads.WhatsAppMessages(Payloads.WhatsAppMessage(type, content)));

        Assert.Equal(ActivityTypes.Message, item.Activity.Type);
        Assert.Equal(text, item.Activity.Text);
        Assert.Equal(value, item.Activity.Value?.GetString());
    }

    [Fact]
    public async Task ReactionBecomesMessageReactionOnTheReactedMessage()
    {
        await using var host = await MetaHost.StartAsync();

        var item = await PostOneAsync(host, Payloads.WhatsAppMessages(Payloads.WhatsAppMessage(
            "reaction", """{ "message_id": "wamid.OUR-MESSAGE", "emoji": "👍" }""", id: "wamid.REACTION")));

        Assert.Equal("wamid.REACTION", item.ExternalId);
        Assert.Equal(ActivityTypes.MessageReaction, item.Activity.Type);
        Assert.Equal("wamid.OUR-MESSAGE", item.Activity.ReplyToId);
        Assert.Equal("👍", item.Activity.Text);
        Assert.Equal("👍", item.Activity.Properties!["reactionsAdded"][0].GetProperty("type").GetString());
    }

    [Fact]
    public async Task UnsupportedMessageIsStoredWithoutTextAndKeepsMetasError()
    {
        await using var host = await MetaHost.StartAsync();

        var item = await PostOneAsync(host, Payloads.WhatsAppMessages("""
            { "from": "16505551234", "id": "wamid.UNSUPPORTED", "timestamp": "1744344496", "type": "unsupported",
              "errors": [{ "code": 131051, "title": "Message type unknown", "message": "Message type unknown",
                           "error_data": { "details": "Message type is currently not supported." } }] }
            """));

        Assert.Null(item.Activity.Text);
        var error = item.Activity.ChannelData!.Value.GetProperty("errors")[0];
        Assert.Equal(131051, error.GetProperty("code").GetInt32());
        Assert.Equal("Message type unknown", error.GetProperty("title").GetString());
    }

    [Fact]
    public async Task BusinessScopedUserIdIsTheConversationKeyWhenThereIsNoWaId()
    {
        await using var host = await MetaHost.StartAsync();
        var body = Payloads.WhatsAppEntries(Payloads.WhatsAppValue(
            messages: ["""{ "from_user_id": "US.13491208655302741918", "id": "wamid.BSUID", "timestamp": "1749416383", "type": "text", "text": { "body": "hi" } }"""],
            contacts: """[{ "profile": { "name": "Ana" }, "user_id": "US.13491208655302741918" }]"""));

        var item = await PostOneAsync(host, body);

        Assert.Equal("US.13491208655302741918", item.ConversationKey);
        Assert.Equal("whatsapp:US.13491208655302741918", item.Activity.From?.Id);
        Assert.Equal("Ana", item.Visitor.Name);
        Assert.Null(item.Visitor.Phone);
    }

    [Fact]
    public async Task StatusesBecomeDeliveryUpdatesIncludingTheClosedWindowFailure()
    {
        await using var host = await MetaHost.StartAsync();
        var body = Payloads.WhatsAppStatuses(
            Payloads.WhatsAppStatus("wamid.A", "sent", extra: """, "conversation": { "id": "a75d", "expiration_timestamp": "1750943820", "origin": { "type": "service" } }, "pricing": { "billable": true, "pricing_model": "CBP", "category": "service" }"""),
            Payloads.WhatsAppStatus("wamid.A", "delivered", "1750857390"),
            Payloads.WhatsAppStatus("wamid.A", "read", "1750857400"),
            Payloads.WhatsAppStatus("wamid.B", "failed", "1730093200", Payloads.FailedErrors));

        using var response = await host.PostSignedAsync("whatsapp", body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var batch = host.Inbox.SingleBatch();
        Assert.Empty(batch.Items);
        Assert.Equal(
            [
                new DeliveryUpdate("whatsapp", "wamid.A", DeliveryState.Sent, DateTimeOffset.FromUnixTimeSeconds(1750857384)),
                new DeliveryUpdate("whatsapp", "wamid.A", DeliveryState.Delivered, DateTimeOffset.FromUnixTimeSeconds(1750857390)),
                new DeliveryUpdate("whatsapp", "wamid.A", DeliveryState.Read, DateTimeOffset.FromUnixTimeSeconds(1750857400)),
                new DeliveryUpdate(
                    "whatsapp", "wamid.B", DeliveryState.Failed, DateTimeOffset.FromUnixTimeSeconds(1730093200), "131047",
                    "Re-engagement message: Message failed to send because more than 24 hours have passed since the customer last replied to this number."),
            ],
            batch.Deliveries);
    }

    [Fact]
    public async Task BatchedNotificationIsHandedOverInOneIngest()
    {
        await using var host = await MetaHost.StartAsync();
        var body = Payloads.WhatsAppEntries(
            Payloads.WhatsAppValue(
                messages: [Payloads.WhatsAppMessage("text", """{ "body": "first" }""", "wamid.1"), Payloads.WhatsAppMessage("text", """{ "body": "second" }""", "wamid.2")],
                statuses: [Payloads.WhatsAppStatus("wamid.OUT1", "delivered")]),
            Payloads.WhatsAppValue(
                messages: [Payloads.WhatsAppMessage("image", """{ "mime_type": "image/png", "id": "55" }""", "wamid.3")],
                statuses: [Payloads.WhatsAppStatus("wamid.OUT1", "read"), Payloads.WhatsAppStatus("wamid.OUT2", "sent")]));

        using var response = await host.PostSignedAsync("whatsapp", body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var batch = host.Inbox.SingleBatch();
        Assert.Equal(["wamid.1", "wamid.2", "wamid.3"], batch.Items.Select(i => i.ExternalId));
        Assert.Equal(["first", "second", null], batch.Items.Select(i => i.Activity.Text));
        Assert.Equal(
            [("wamid.OUT1", DeliveryState.Delivered), ("wamid.OUT1", DeliveryState.Read), ("wamid.OUT2", DeliveryState.Sent)],
            batch.Deliveries.Select(d => (d.ExternalId, d.State)));
    }

    [Fact]
    public async Task RedeliveredNotificationCarriesTheSameExternalIds()
    {
        await using var host = await MetaHost.StartAsync();

        using var first = await host.PostSignedAsync("whatsapp", Payloads.WhatsAppText);
        using var again = await host.PostSignedAsync("whatsapp", Payloads.WhatsAppText);

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(2, host.Inbox.Batches.Count);
        Assert.Equal(host.Inbox.Batches[0].Items[0].ExternalId, host.Inbox.Batches[1].Items[0].ExternalId);
    }

    [Fact]
    public async Task SystemErrorsAndOtherFieldsAreAcknowledgedWithoutStoring()
    {
        await using var host = await MetaHost.StartAsync();
        const string body = """
            { "object": "whatsapp_business_account", "entry": [{ "id": "1", "changes": [
              { "field": "messages", "value": { "messaging_product": "whatsapp", "metadata": { "phone_number_id": "106540352242922" },
                "errors": [{ "code": 131000, "title": "Something went wrong", "message": "Something went wrong" }] } },
              { "field": "account_update", "value": { "event": "VERIFIED_ACCOUNT" } } ] }] }
            """;

        using var response = await host.PostSignedAsync("whatsapp", body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(host.Inbox.Batches);
    }
}
