using LiveChat.Channels.Meta;

namespace LiveChat.Channels.WhatsApp;

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(WhatsAppNotification))]
[JsonSerializable(typeof(WhatsAppMessage))]
[JsonSerializable(typeof(WhatsAppStatus))]
[JsonSerializable(typeof(WhatsAppError))]
[JsonSerializable(typeof(WhatsAppSendRequest))]
[JsonSerializable(typeof(WhatsAppMediaInfo))]
[JsonSerializable(typeof(LiveChat.Channels.Meta.GraphSendResponse))]
internal sealed partial class WhatsAppJson : JsonSerializerContext;

// Webhook notifications (PROTOCOLS.md §1.3). Messages and statuses stay JsonElement in the envelope and are
// read one by one, so one odd item is skipped instead of failing the whole notification.
internal sealed record WhatsAppNotification(string? Object, List<WhatsAppEntry?>? Entry);

internal sealed record WhatsAppEntry(string? Id, List<WhatsAppChange?>? Changes);

internal sealed record WhatsAppChange(string? Field, WhatsAppValue? Value);

internal sealed record WhatsAppValue(
    WhatsAppMetadata? Metadata,
    List<WhatsAppContact?>? Contacts,
    List<JsonElement>? Messages,
    List<JsonElement>? Statuses,
    List<JsonElement>? Errors);

internal sealed record WhatsAppMetadata(string? DisplayPhoneNumber, string? PhoneNumberId);

internal sealed record WhatsAppContact(WhatsAppProfile? Profile, string? WaId, string? UserId);

internal sealed record WhatsAppProfile(string? Name);

internal sealed record WhatsAppMessage(
    string? From,
    string? FromUserId,
    string? Id,
    [property: JsonConverter(typeof(EpochTimestampConverter))] DateTimeOffset? Timestamp,
    string? Type,
    WhatsAppText? Text,
    WhatsAppMedia? Image,
    WhatsAppMedia? Video,
    WhatsAppMedia? Audio,
    WhatsAppMedia? Document,
    WhatsAppMedia? Sticker,
    WhatsAppLocation? Location,
    List<WhatsAppSharedContact>? Contacts,
    WhatsAppInteractive? Interactive,
    WhatsAppButton? Button,
    WhatsAppReaction? Reaction,
    WhatsAppContext? Context);

internal sealed record WhatsAppText(string? Body);

internal sealed record WhatsAppMedia(string? Id, string? MimeType, string? Caption, string? Filename);

internal sealed record WhatsAppLocation(double? Latitude, double? Longitude, string? Name, string? Address);

internal sealed record WhatsAppSharedContact(
    WhatsAppContactName? Name,
    List<WhatsAppContactPhone>? Phones,
    List<WhatsAppContactEmail>? Emails,
    WhatsAppContactOrg? Org);

internal sealed record WhatsAppContactName(string? FormattedName, string? FirstName, string? LastName);

internal sealed record WhatsAppContactPhone(string? Phone, string? WaId, string? Type);

internal sealed record WhatsAppContactEmail(string? Email, string? Type);

internal sealed record WhatsAppContactOrg(string? Company);

internal sealed record WhatsAppInteractive(string? Type, WhatsAppReply? ButtonReply, WhatsAppReply? ListReply);

internal sealed record WhatsAppReply(string? Id, string? Title, string? Description);

internal sealed record WhatsAppButton(string? Payload, string? Text);

internal sealed record WhatsAppReaction(string? MessageId, string? Emoji);

internal sealed record WhatsAppContext(string? From, string? Id);

internal sealed record WhatsAppStatus(
    string? Id,
    string? Status,
    [property: JsonConverter(typeof(EpochTimestampConverter))] DateTimeOffset? Timestamp,
    string? RecipientId,
    List<WhatsAppError>? Errors);

internal sealed record WhatsAppError(int? Code, string? Title, string? Message, WhatsAppErrorData? ErrorData);

internal sealed record WhatsAppErrorData(string? Details);

// Send API (PROTOCOLS.md §1.4).
internal sealed record WhatsAppSendRequest(
    string To,
    string Type,
    WhatsAppSendText? Text = null,
    WhatsAppSendMedia? Image = null,
    WhatsAppSendMedia? Video = null,
    WhatsAppSendMedia? Audio = null,
    WhatsAppSendMedia? Document = null,
    WhatsAppSendContext? Context = null)
{
    public string MessagingProduct => "whatsapp";
    public string RecipientType => "individual";
}

internal sealed record WhatsAppSendText(bool PreviewUrl, string Body);

internal sealed record WhatsAppSendMedia(string Link, string? Caption = null, string? Filename = null);

internal sealed record WhatsAppSendContext(string MessageId);

// Media retrieval, step one.
internal sealed record WhatsAppMediaInfo(string? Url, string? MimeType, long? FileSize, string? Id);
