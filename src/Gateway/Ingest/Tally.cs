using LiveChat.Channels.Inbox;

namespace LiveChat.Gateway.Ingest;

/// <summary>What became of one request's items; requests stored together each keep their own.</summary>
internal sealed class Tally
{
    public int Stored { get; private set; }

    public int Duplicates { get; private set; }

    /// <summary>Something was queued for a bot: its worker is woken after commit.</summary>
    public bool BotWork { get; set; }

    public void Add(ItemOutcome outcome, bool botWork = false)
    {
        Stored += outcome == ItemOutcome.Stored ? 1 : 0;
        Duplicates += outcome == ItemOutcome.Duplicate ? 1 : 0;
        BotWork |= botWork;
    }
}

/// <summary>An item and the tally of the request that carried it.</summary>
internal readonly record struct Entry(InboundItem Item, Tally Tally);
