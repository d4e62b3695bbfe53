using LiveChat.Channels.Meta;

namespace LiveChat.Channels.WhatsApp;

/// <summary><c>Channels:WhatsApp</c>: the WhatsApp Cloud API phone number this gateway answers for.</summary>
public sealed record WhatsAppOptions : MetaChannelOptions
{
    public const string SectionName = "Channels:WhatsApp";

    public string? AccessToken { get; init; }
    public string? PhoneNumberId { get; init; }

    internal override string Section => SectionName;
    internal override string DisplayName => "WhatsApp";
    internal override string TokenKey => nameof(AccessToken);
    internal override string? Token => AccessToken;
    internal override string SenderIdKey => nameof(PhoneNumberId);
    internal override string? SenderId => PhoneNumberId;

    // Meta's default throughput per business phone number.
    internal override int DefaultMessagesPerSecond => 80;
}

/// <summary>The channel name used everywhere (InboundItem.Channel, Activity.channelId, routes).</summary>
public static class WhatsAppChannel
{
    public const string Name = "whatsapp";
}
