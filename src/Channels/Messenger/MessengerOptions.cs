using LiveChat.Channels.Meta;

namespace LiveChat.Channels.Messenger;

/// <summary><c>Channels:Messenger</c>: the Facebook Page this gateway answers for.</summary>
public sealed record MessengerOptions : PageMessagingOptions
{
    public const string SectionName = "Channels:Messenger";

    public string? PageAccessToken { get; init; }
    public string? PageId { get; init; }

    internal override string Section => SectionName;
    internal override string DisplayName => "Messenger";
    internal override string TokenKey => nameof(PageAccessToken);
    internal override string? Token => PageAccessToken;
    internal override string SenderIdKey => nameof(PageId);
    internal override string? SenderId => PageId;
    internal override int DefaultMessagesPerSecond => 40;
}

/// <summary>The channel name used everywhere (InboundItem.Channel, Activity.channelId, routes).</summary>
public static class MessengerChannel
{
    public const string Name = "messenger";
}
