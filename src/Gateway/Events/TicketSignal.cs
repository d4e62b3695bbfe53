namespace LiveChat.Gateway.Events;

/// <summary>Wakes this node's ticket relay after a commit (a chat ended, a retry was asked for); other nodes find the rows on their next poll.</summary>
public sealed class TicketSignal : WakeSignal;
