namespace LiveChat.Channels.Tests;

public sealed class ReplyWindowTests
{
    private static readonly DateTimeOffset s_last = new(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(0, true)]
    [InlineData(23 * 60 + 59, true)]
    [InlineData(24 * 60, true)]
    [InlineData(24 * 60 + 1, false)]
    [InlineData(3 * 24 * 60, false)]
    public void WhatsAppAllowsFreeFormRepliesForTwentyFourHours(int minutesLater, bool allowed)
    {
        var decision = ReplyWindows.WhatsApp(s_last, s_last.AddMinutes(minutesLater));

        Assert.Equal(allowed, decision is ReplyWindowDecision.Allowed);
    }

    [Fact]
    public void WhatsAppRefusalSaysWhenTheWindowClosedAndWhatToDo()
    {
        var decision = ReplyWindows.WhatsApp(s_last, s_last.AddHours(30));

        var refused = Assert.IsType<ReplyWindowDecision.Refused>(decision);
        Assert.Equal(
            "The WhatsApp 24-hour customer service window closed at 2026-05-02 12:00 UTC; the customer must write first (templates are not supported).",
            refused.Reason);
    }

    [Fact]
    public void NoCustomerMessageMeansNoReply()
    {
        Assert.IsType<ReplyWindowDecision.Refused>(ReplyWindows.WhatsApp(null, s_last));
        Assert.IsType<ReplyWindowDecision.Refused>(ReplyWindows.PageMessaging("Messenger", null, true, true, s_last));
    }

    [Theory]
    [InlineData(24 * 60, true, true, "allowed")]
    [InlineData(24 * 60, false, false, "allowed")]
    [InlineData(24 * 60 + 1, true, true, "tag")]
    [InlineData(7 * 24 * 60, true, true, "tag")]
    [InlineData(7 * 24 * 60 + 1, true, true, "refused")]
    [InlineData(24 * 60 + 1, false, true, "refused")]
    [InlineData(24 * 60 + 1, true, false, "refused")]
    public void PageMessagingAllowsHumanAgentsUpToSevenDaysWithTheTag(int minutesLater, bool human, bool tagEnabled, string expected)
    {
        var decision = ReplyWindows.PageMessaging("Messenger", s_last, human, tagEnabled, s_last.AddMinutes(minutesLater));

        var actual = decision switch
        {
            ReplyWindowDecision.Allowed => "allowed",
            ReplyWindowDecision.AllowedWithTag { Tag: "HUMAN_AGENT" } => "tag",
            ReplyWindowDecision.Refused => "refused",
            _ => "other",
        };
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void PageMessagingRefusalsExplainThemselves()
    {
        var bot = Assert.IsType<ReplyWindowDecision.Refused>(ReplyWindows.PageMessaging("Instagram", s_last, false, true, s_last.AddDays(2)));
        var expired = Assert.IsType<ReplyWindowDecision.Refused>(ReplyWindows.PageMessaging("Instagram", s_last, true, true, s_last.AddDays(8)));

        Assert.Contains("only a human agent may still reply (until 2026-05-08 12:00 UTC)", bot.Reason, StringComparison.Ordinal);
        Assert.Contains("7-day human agent window at 2026-05-08 12:00 UTC", expired.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ChannelsWithoutAWindowAllowEverything()
    {
        IChannelSender sender = new NoWindowSender();

        Assert.IsType<ReplyWindowDecision.Allowed>(sender.CheckReplyWindow(null, false, s_last));
    }

    private sealed class NoWindowSender : IChannelSender
    {
        public string Channel => "directline";

        public Task<SendOutcome> SendAsync(OutboundMessage message, CancellationToken cancellationToken) =>
            Task.FromResult<SendOutcome>(new SendOutcome.Sent(null));
    }
}
