using LiveChat.Tickets;

namespace LiveChat.Gateway.Tickets;

/// <summary>
/// What this node's runs of <see cref="TicketJob"/> share: the helpdesk's recent outcomes and the slots that let
/// <see cref="TicketJob.Parallelism"/> requests be sent at once. Each run is its own job instance (with its own sink and
/// HTTP client, as the container makes them); this is the node's one copy.
/// </summary>
public sealed class TicketSending
{
    public HelpdeskHealthWindow Health { get; } = new();

    public SemaphoreSlim Slots { get; } = new(TicketJob.Parallelism);
}
