namespace LiveChat.Channels.Meta;

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(MessagingNotification))]
[JsonSerializable(typeof(MessagingEvent))]
[JsonSerializable(typeof(PageSendRequest))]
[JsonSerializable(typeof(GraphSendResponse))]
[JsonSerializable(typeof(GraphErrorEnvelope))]
[JsonSerializable(typeof(GeoCoordinatesEntity))]
[JsonSerializable(typeof(List<ReactionEntry>))]
[JsonSerializable(typeof(string))]
internal sealed partial class MetaJson : JsonSerializerContext;

// Messenger and Instagram webhooks share this shape (PROTOCOLS.md §2.1, §3): entry[].messaging[] / standby[].
internal sealed record MessagingNotification(string? Object, List<MessagingEntry?>? Entry);

internal sealed record MessagingEntry(string? Id, List<JsonElement>? Messaging, List<JsonElement>? Standby);

internal sealed record MessagingEvent(
    MessagingParty? Sender,
    MessagingParty? Recipient,
    [property: JsonConverter(typeof(EpochTimestampConverter))] DateTimeOffset? Timestamp,
    MessagingMessage? Message,
    MessagingPostback? Postback,
    MessagingDelivery? Delivery,
    MessagingRead? Read,
    MessagingReaction? Reaction);

internal sealed record MessagingParty(string? Id);

internal sealed record MessagingMessage(
    string? Mid,
    string? Text,
    bool? IsEcho,
    bool? IsDeleted,
    List<MessagingAttachment?>? Attachments,
    MessagingQuickReply? QuickReply,
    MessagingReplyTo? ReplyTo);

internal sealed record MessagingAttachment(string? Type, MessagingAttachmentPayload? Payload);

internal sealed record MessagingAttachmentPayload(string? Url, string? Title);

internal sealed record MessagingQuickReply(string? Payload);

internal sealed record MessagingReplyTo(string? Mid);

internal sealed record MessagingPostback(string? Mid, string? Title, string? Payload);

internal sealed record MessagingDelivery(
    List<string>? Mids,
    [property: JsonConverter(typeof(EpochTimestampConverter))] DateTimeOffset? Watermark);

internal sealed record MessagingRead(
    [property: JsonConverter(typeof(EpochTimestampConverter))] DateTimeOffset? Watermark,
    string? Mid);

internal sealed record MessagingReaction(string? Mid, string? Action, string? Emoji, string? Reaction);

// Send API (PROTOCOLS.md §2.2, §3).
internal sealed record PageSendRequest(PageRecipient Recipient, string MessagingType, PageSendMessage Message, string? Tag = null);

internal sealed record PageRecipient(string Id);

internal sealed record PageSendMessage(string? Text = null, PageSendAttachment? Attachment = null);

internal sealed record PageSendAttachment(string Type, PageAttachmentPayload Payload);

internal sealed record PageAttachmentPayload(string Url, bool IsReusable);

// Graph answers: WhatsApp's messages[0].id or Messenger's message_id; errors in the Graph envelope.
internal sealed record GraphSendResponse(List<GraphMessageRef>? Messages, string? MessageId);

internal sealed record GraphMessageRef(string? Id);

internal sealed record GraphErrorEnvelope(GraphError? Error);

internal sealed record GraphError(
    string? Message,
    string? Type,
    int? Code,
    int? ErrorSubcode,
    bool? IsTransient,
    string? ErrorUserMsg,
    GraphErrorData? ErrorData);

internal sealed record GraphErrorData(string? Details);

// Activity pieces we build as JSON: a Bot Framework GeoCoordinates entity and a reaction entry.
internal sealed record GeoCoordinatesEntity(string Type, double Latitude, double Longitude, string? Name);

internal sealed record ReactionEntry(string Type);
