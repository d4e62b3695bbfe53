namespace LiveChat.Channels.DirectLine;

/// <summary>The web widget's channel name inside the gateway (chats, messages); on the wire it is "directline".</summary>
public static class DirectLineChannel
{
    public const string Name = "webchat";
    public const string WireChannelId = "directline";
}
