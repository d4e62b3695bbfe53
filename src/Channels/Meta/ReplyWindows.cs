using System.Globalization;
using LiveChat.Channels.Outbox;

namespace LiveChat.Channels.Meta;

/// <summary>Meta's reply windows as pure decisions (PROTOCOLS.md §1.4, §2.3, §3).</summary>
public static class ReplyWindows
{
    public const string HumanAgentTag = "HUMAN_AGENT";
    public static readonly TimeSpan Standard = TimeSpan.FromHours(24);
    public static readonly TimeSpan HumanAgent = TimeSpan.FromDays(7);

    /// <summary>WhatsApp: free-form replies only within 24 hours of the customer's last message.</summary>
    public static ReplyWindowDecision WhatsApp(DateTimeOffset? customerLastMessageAt, DateTimeOffset now)
    {
        if (customerLastMessageAt is not { } last)
        {
            return new ReplyWindowDecision.Refused("The customer has not written on WhatsApp yet; the customer must write first (templates are not supported).");
        }

        var closesAt = last + Standard;
        return now <= closesAt
            ? new ReplyWindowDecision.Allowed()
            : new ReplyWindowDecision.Refused(
                $"The WhatsApp 24-hour customer service window closed at {Format(closesAt)}; the customer must write first (templates are not supported).");
    }

    /// <summary>
    /// Messenger and Instagram: 24 hours for everyone; then, up to 7 days, human agents only and only with the
    /// HUMAN_AGENT tag, which the page must be approved for (<paramref name="useHumanAgentTag"/>).
    /// </summary>
    public static ReplyWindowDecision PageMessaging(
        string channelTitle, DateTimeOffset? customerLastMessageAt, bool fromHumanAgent, bool useHumanAgentTag, DateTimeOffset now)
    {
        if (customerLastMessageAt is not { } last)
        {
            return new ReplyWindowDecision.Refused($"The customer has not written on {channelTitle} yet; the customer must write first.");
        }

        var standardCloses = last + Standard;
        if (now <= standardCloses)
        {
            return new ReplyWindowDecision.Allowed();
        }

        var humanCloses = last + HumanAgent;
        if (now > humanCloses)
        {
            return new ReplyWindowDecision.Refused(
                $"The {channelTitle} messaging window closed at {Format(standardCloses)} and the 7-day human agent window at {Format(humanCloses)}; the customer must write first.");
        }

        if (!fromHumanAgent)
        {
            return new ReplyWindowDecision.Refused(
                $"The {channelTitle} 24-hour messaging window closed at {Format(standardCloses)}; only a human agent may still reply (until {Format(humanCloses)}).");
        }

        return useHumanAgentTag
            ? new ReplyWindowDecision.AllowedWithTag(HumanAgentTag)
            : new ReplyWindowDecision.Refused(
                $"The {channelTitle} 24-hour messaging window closed at {Format(standardCloses)}; replying until {Format(humanCloses)} needs the HUMAN_AGENT tag, which is not enabled for this channel.");
    }

    /// <summary>When a human operator's reply window closes: 24 hours after the customer's last message, 7 days with the HUMAN_AGENT tag.</summary>
    public static DateTimeOffset? ClosesAt(DateTimeOffset? customerLastMessageAt, bool useHumanAgentTag) =>
        customerLastMessageAt + (useHumanAgentTag ? HumanAgent : Standard);

    private static string Format(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
