namespace LiveChat.Channels.Activities;

/// <summary>
/// A Bot Framework Activity (schema v3). Every message, typing signal, event and update inside the
/// gateway travels as one of these; channel adapters translate at the edge.
/// </summary>
public sealed record Activity
{
    public required string Type { get; init; }
    public string? Id { get; init; }
    public DateTimeOffset? Timestamp { get; init; }
    public DateTimeOffset? LocalTimestamp { get; init; }
    public string? LocalTimezone { get; init; }
    public string? ServiceUrl { get; init; }
    public string? ChannelId { get; init; }
    public ChannelAccount? From { get; init; }
    public ConversationAccount? Conversation { get; init; }
    public ChannelAccount? Recipient { get; init; }
    public string? TextFormat { get; init; }
    public string? Locale { get; init; }
    public string? Text { get; init; }
    public string? Speak { get; init; }
    public string? InputHint { get; init; }
    public string? Summary { get; init; }
    public IReadOnlyList<Attachment>? Attachments { get; init; }
    public string? AttachmentLayout { get; init; }
    public IReadOnlyList<JsonElement>? Entities { get; init; }
    public JsonElement? ChannelData { get; init; }
    public string? ReplyToId { get; init; }
    public string? Name { get; init; }
    public JsonElement? Value { get; init; }
    public string? Code { get; init; }
    public ConversationReference? RelatesTo { get; init; }
    public IReadOnlyList<ChannelAccount>? MembersAdded { get; init; }
    public IReadOnlyList<ChannelAccount>? MembersRemoved { get; init; }
    public string? DeliveryMode { get; init; }
    public JsonElement? SuggestedActions { get; init; }

    /// <summary>Properties this model does not name, kept so that nothing a client sent is lost.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Properties { get; set; }
}

/// <summary>The activity types the gateway handles; others are stored and ignored.</summary>
public static class ActivityTypes
{
    public const string Message = "message";
    public const string Typing = "typing";
    public const string Event = "event";
    public const string ConversationUpdate = "conversationUpdate";
    public const string EndOfConversation = "endOfConversation";
    public const string MessageReaction = "messageReaction";
    public const string Invoke = "invoke";
}

/// <summary>The roles an Activity's from/recipient may carry (Activity spec): everyone on the channel's side is a bot.</summary>
public static class ActivityRoles
{
    public const string User = "user";
    public const string Bot = "bot";
}

public sealed record ChannelAccount
{
    public string? Id { get; init; }
    public string? Name { get; init; }
    public string? Role { get; init; }
    public string? AadObjectId { get; init; }
}

public sealed record ConversationAccount
{
    public string? Id { get; init; }
    public string? Name { get; init; }
    public bool? IsGroup { get; init; }
    public string? ConversationType { get; init; }
    public string? TenantId { get; init; }
}

public sealed record ConversationReference
{
    public string? ActivityId { get; init; }
    public ChannelAccount? User { get; init; }
    public ChannelAccount? Bot { get; init; }
    public ConversationAccount? Conversation { get; init; }
    public string? ChannelId { get; init; }
    public string? ServiceUrl { get; init; }
    public string? Locale { get; init; }
}

public sealed record Attachment
{
    public string? ContentType { get; init; }
    public string? ContentUrl { get; init; }
    public JsonElement? Content { get; init; }
    public string? Name { get; init; }
    public string? ThumbnailUrl { get; init; }
}
