namespace LiveChat.Channels.Inbox;

/// <summary>
/// The most the gateway stores of what a customer's channel sends (README "Limits"). Ids above their limit are refused
/// (a Direct Line client gets a 400; a third-party webhook's item is dropped and logged, as its sender cannot be
/// corrected); text above its limit is cut between text elements.
/// </summary>
public static class InboundLimits
{
    /// <summary>Message ids (wamid, mid, activity ids), conversation and sender ids; far above any channel's own, far below PostgreSQL's index row limit.</summary>
    public const int Id = 256;

    /// <summary>A message's text (WhatsApp allows 4,096, Messenger 2,000).</summary>
    public const int Text = 20_000;

    /// <summary>Names, e-mail, phone, language, country, browser, OS, status error codes and other short fields.</summary>
    public const int Field = 500;

    /// <summary>Page and referrer addresses, attachment addresses, status error messages.</summary>
    public const int Url = 2_000;
}
