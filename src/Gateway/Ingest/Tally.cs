using LiveChat.Channels.Inbox;

namespace LiveChat.Gateway.Ingest;

/// <summary>What became of one request's items; requests stored together each keep their own.</summary>
internal sealed class Tally
{
    public int Stored { get; private set; }

    public int Duplicates { get; private set; }

    public void Add(ItemOutcome outcome)
    {
        Stored += outcome == ItemOutcome.Stored ? 1 : 0;
        Duplicates += outcome == ItemOutcome.Duplicate ? 1 : 0;
    }
}

/// <summary>An item and the tally of the request that carried it.</summary>
internal readonly record struct Entry(InboundItem Item, Tally Tally);
