using LiveChat.Channels.Meta;

namespace LiveChat.Channels.Instagram;

/// <summary><c>Channels:Instagram</c>: the Instagram professional account this gateway answers for.</summary>
public sealed record InstagramOptions : PageMessagingOptions
{
    public const string SectionName = "Channels:Instagram";

    public string? AccessToken { get; init; }
    public string? AccountId { get; init; }

    internal override string Section => SectionName;
    internal override string DisplayName => "Instagram";
    internal override string TokenKey => nameof(AccessToken);
    internal override string? Token => AccessToken;
    internal override string SenderIdKey => nameof(AccountId);
    internal override string? SenderId => AccountId;
    internal override int DefaultMessagesPerSecond => 40;
}

/// <summary>The channel name used everywhere (InboundItem.Channel, Activity.channelId, routes).</summary>
public static class InstagramChannel
{
    public const string Name = "instagram";
}
