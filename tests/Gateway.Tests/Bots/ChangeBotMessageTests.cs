using LiveChat.Channels.BotConnector;
using LiveChat.Gateway.Bots;
using LiveChat.Gateway.Chats;
using LiveChat.Gateway.Transcripts;

namespace LiveChat.Gateway.Tests.Bots;

/// <summary>Who may edit or withdraw which message: the pure decision behind PUT/DELETE activities.</summary>
public sealed class ChangeBotMessageTests
{
    [Fact]
    public void ABotMayChangeItsOwnMessageWhereTheChannelCanShowIt() =>
        Assert.Null(ChangeBotMessage.Refusal(Message("bot", "Echo"), "Echo", "msg_1", "webchat", channelCanChange: true));

    [Fact]
    public void AChannelThatCannotChangeMessagesRefusesFirstAsTheConnectorDoes() =>
        Assert.IsType<BotActivityResult.Unsupported>(ChangeBotMessage.Refusal(null, "Echo", "msg_1", "whatsapp", channelCanChange: false));

    [Fact]
    public void AnUnknownMessageIsNotFound() =>
        Assert.IsType<BotActivityResult.NotFound>(ChangeBotMessage.Refusal(null, "Echo", "msg_1", "webchat", channelCanChange: true));

    [Theory]
    [InlineData("visitor", "vi_1", false)]
    [InlineData("operator", "op_1", false)]
    [InlineData("bot", "Other", false)]
    [InlineData("system", null, true)]
    public void OtherSendersMessagesAreNotTheBots(string senderKind, string? senderId, bool isInternal) =>
        Assert.IsType<BotActivityResult.NotOwn>(
            ChangeBotMessage.Refusal(Message(senderKind, senderId) with { Internal = isInternal }, "Echo", "msg_1", "webchat", channelCanChange: true));

    private static TranscriptMessage Message(string senderKind, string? senderId) => new()
    {
        Id = "msg_1",
        ChatId = "ch_1",
        Channel = "webchat",
        Direction = senderKind == "visitor" ? "in" : "out",
        SenderKind = senderKind,
        SenderId = senderId,
        ActivityType = "message",
        Activity = """{"type":"message"}""",
    };
}
